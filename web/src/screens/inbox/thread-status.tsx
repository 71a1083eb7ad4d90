// A thread's status in its colour and in words, and the mark of a
// private conversation (a lock, and words for screen readers).
import type { ThreadStatus } from "../../api/types";
import { t, type Key } from "../../i18n";

export function ThreadStatusBadge({ status }: { status: ThreadStatus }) {
  return (
    <span class={`badge thread-${status}`} data-status={status}>
      {t(`threads.status.${status}` as Key)}
    </span>
  );
}

// PrivateMark is drawn, not a character, so that no font is needed.
export function PrivateMark() {
  return (
    <span class="lock">
      <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14" focusable="false">
        <path d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 0 0-4 0z" fill="currentColor" />
      </svg>
      <span class="sr-only">{t("threads.private")}</span>
    </span>
  );
}
