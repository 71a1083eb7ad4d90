// The moderation rules editor: the client's policy as the YAML that
// `relais rules set` takes, validated by the API as the CLI validates it;
// a refusal names its line, which the editor selects.
import { useRef, useState } from "preact/hooks";
import { ApiError, clientPath, message, request } from "../../api/client";
import { useSession } from "../../context";
import { t } from "../../i18n";
import { useLoad } from "../../ui/load";
import { Done, ErrorNote, Loaded } from "../../ui/status";

export function Rules() {
  const { client, announce } = useSession();
  const rules = useLoad(async () => {
    const a = await request<string>("GET", clientPath(client.id, "/rules"), { as: "text" });
    return { text: a.data, etag: a.etag ?? "*" };
  }, [client.id]);
  return (
    <section aria-labelledby="rules-h">
      <h2 id="rules-h">{t("rules.title")}</h2>
      <p class="hint">{t("rules.hint")}</p>
      <Loaded state={rules} what={t("loading.rules")}>
        {(r) => (
          <Editor
            key={r.etag}
            initial={r.text}
            etag={r.etag}
            onSaved={(text, etag) => {
              rules.set({ text, etag });
              announce(t("rules.saved"));
            }}
            client={client.id}
          />
        )}
      </Loaded>
    </section>
  );
}

function Editor(props: { initial: string; etag: string; client: string; onSaved: (text: string, etag: string) => void }) {
  const [text, setText] = useState(props.initial);
  const [error, setError] = useState<{ text: string; line: number | null } | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const a = await request<string>("PUT", clientPath(props.client, "/rules"), {
        raw: { text, type: "application/yaml" },
        ifMatch: props.etag,
        as: "text",
      });
      setSaved(true);
      props.onSaved(a.data, a.etag ?? "*");
    } catch (err) {
      const m = err instanceof ApiError ? /line (\d+)/.exec(err.detail) : null;
      const line = m ? Number(m[1]) : null;
      setError({ text: message(err), line });
      if (line && area.current) select(area.current, line);
    } finally {
      setBusy(false);
    }
  };
  const lines = text.split("\n").length;
  return (
    <form onSubmit={(e) => void save(e)}>
      <label for="rules-text">{t("rules.label")}</label>
      <div class="editor">
        <pre class="gutter" aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => (
            <span key={i} class={error?.line === i + 1 ? "bad" : undefined}>
              {i + 1}
              {"\n"}
            </span>
          ))}
        </pre>
        <textarea
          id="rules-text"
          ref={area}
          rows={Math.min(Math.max(lines, 8), 30)}
          spellcheck={false}
          value={text}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "rules-error" : undefined}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </div>
      {error && (
        <div id="rules-error">
          <ErrorNote>
            {error.text}
          </ErrorNote>
        </div>
      )}
      {saved && <Done>{t("rules.saved")}</Done>}
      <button type="submit" class="primary" disabled={busy}>
        {t("rules.save")}
      </button>
    </form>
  );
}

// select puts the caret on a line and selects it, so the person lands
// where the refusal points.
function select(area: HTMLTextAreaElement, line: number): void {
  const starts = area.value.split("\n");
  let from = 0;
  for (let i = 0; i < line - 1 && i < starts.length; i++) from += starts[i].length + 1;
  const to = from + (starts[line - 1]?.length ?? 0);
  area.focus();
  area.setSelectionRange(from, to);
}
