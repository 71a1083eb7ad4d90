// What a screen says while it loads, when it has nothing to show, and
// when something went wrong: never a blank screen.
import type { ComponentChildren } from "preact";
import { t } from "../i18n";

export function Loading({ what }: { what: string }) {
  return (
    <p class="note loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> {t("loading", { what })}
    </p>
  );
}

export function ErrorNote({ children, retry }: { children: ComponentChildren; retry?: () => void }) {
  return (
    <div class="note error" role="alert">
      <p>{children}</p>
      {retry && (
        <button type="button" onClick={retry}>
          {t("retry")}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="note empty">{children}</p>;
}

export function Done({ children }: { children: ComponentChildren }) {
  return (
    <p class="note done" role="status">
      {children}
    </p>
  );
}

// Loaded shows a load's state, or its content once the data is there.
export function Loaded<T>(props: {
  state: { data: T | undefined; error: string | null; loading: boolean; reload: () => Promise<void> };
  what: string;
  children: (data: T) => ComponentChildren;
}) {
  const { data, error, loading, reload } = props.state;
  if (error && data === undefined) return <ErrorNote retry={() => void reload()}>{error}</ErrorNote>;
  if (loading && data === undefined) return <Loading what={props.what} />;
  if (data === undefined) return <Loading what={props.what} />;
  return (
    <>
      {error && <ErrorNote retry={() => void reload()}>{error}</ErrorNote>}
      {props.children(data)}
    </>
  );
}
