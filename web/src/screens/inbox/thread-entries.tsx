// A thread's entries, oldest first: the customer's messages (with what
// moderation did to them), the team's answers (who, in public or in
// private, and whether they went out) and the team's notes, set apart and
// marked as never sent.
import type { ThreadDetail, ThreadEntry } from "../../api/types";
import { useSession } from "../../context";
import { dateTime, t, type Key } from "../../i18n";

export function ThreadEntries({ thread }: { thread: ThreadDetail }) {
  if (thread.entries.length === 0) return <p class="muted">{t("threads.noEntries")}</p>;
  return (
    <ol class="entries">
      {thread.entries.map((e) => (
        <li key={`${e.kind}:${e.id}`} class={`entry entry-${e.kind}`} data-entry={e.kind}>
          <Entry entry={e} thread={thread} />
        </li>
      ))}
    </ol>
  );
}

function Entry({ entry, thread }: { entry: ThreadEntry; thread: ThreadDetail }) {
  const { client } = useSession();
  const when = <time dateTime={entry.at}>{dateTime(entry.at, client.timezone)}</time>;
  switch (entry.kind) {
    case "message": {
      const a = entry.author?.name || entry.author?.id || thread.author.name || thread.author.id || "";
      const hidden = entry.action === "hide" || entry.action === "delete";
      return (
        <>
          <p class="entry-head">
            <strong>{a}</strong> · {when}
            {hidden && (
              <>
                {" "}
                <span class={`badge action-${entry.action}`}>{t(`inbox.state.${entry.action}` as Key)}</span>
              </>
            )}
          </p>
          <p class="post-text">{entry.text}</p>
        </>
      );
    }
    case "answer":
      return (
        <>
          <p class="entry-head">
            <strong>{entry.by || t("threads.onNetwork")}</strong> · {entry.private ? t("threads.answer.private") : t("threads.answer.public")} · {when}
            {entry.state && entry.state !== "sent" && <span class="warn"> · {t(`inbox.answer.${entry.state}` as Key)}</span>}
          </p>
          <p class="post-text">{entry.text}</p>
        </>
      );
    case "note":
      return (
        <>
          <p class="entry-head">
            <strong>{t("threads.note.label")}</strong> · {entry.by} · {when}
          </p>
          <p class="post-text">{entry.text}</p>
        </>
      );
  }
}
