// The open thread: who it is with and where, its status, who has it and
// when it is due; the team's work on it (thread-work.tsx), its entries
// oldest first, the answer box and the note box. What the thread answers
// after a change replaces it at once, and the list is read again.
import { useEffect, useRef } from "preact/hooks";
import type { ThreadDetail } from "../../api/types";
import { useSession } from "../../context";
import { dateTime, t } from "../../i18n";
import { networkInfo } from "../../networks";
import { useLoad } from "../../ui/load";
import { Loaded } from "../../ui/status";
import { AnswerBox } from "./answer-box";
import { Due } from "./due";
import { NoteForm } from "./note-form";
import { ThreadEntries } from "./thread-entries";
import { PrivateMark, ThreadStatusBadge } from "./thread-status";
import { ThreadWork } from "./thread-work";
import { openThread, type ThreadRef } from "./threads-api";

export function ThreadPanel({ thread, now, onChanged }: { thread: ThreadRef; now: number; onChanged: () => Promise<void> }) {
  const { client, announce } = useSession();
  const th = useLoad(() => openThread(client.id, thread), [client.id, thread.network, thread.id]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const changed = async (d: ThreadDetail, said: string) => {
    th.set(d);
    announce(said);
    await onChanged();
  };
  const answered = async (said: string) => {
    announce(said);
    await Promise.all([th.reload(), onChanged()]);
  };
  const name = th.data ? th.data.author.name || th.data.author.id || "" : "";
  return (
    <section class="item thread" aria-labelledby="thread-h">
      <h2 id="thread-h" ref={heading} tabIndex={-1}>
        {name ? t("threads.with", { name }) : t("threads.thread")}
      </h2>
      <Loaded state={th} what={t("loading.thread")}>
        {(d) => (
          <>
            <Summary thread={d} now={now} />
            <ThreadWork thread={d} onChanged={changed} />
            <h3>{t("threads.entries")}</h3>
            <ThreadEntries thread={d} />
            <AnswerBox thread={d} now={now} onAnswered={answered} onFailed={th.reload} />
            <NoteForm thread={d} onNoted={changed} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function Summary({ thread, now }: { thread: ThreadDetail; now: number }) {
  const { client } = useSession();
  return (
    <dl>
      <dt>{t("inbox.where")}</dt>
      <dd>
        {networkInfo(thread.network).label} · {thread.accountId}
        {thread.private && (
          <>
            {" · "}
            <PrivateMark /> {t("threads.privateConversation")}
          </>
        )}
      </dd>
      <dt>{t("threads.statusLabel")}</dt>
      <dd>
        <ThreadStatusBadge status={thread.status} />
      </dd>
      {thread.dueAt && thread.status !== "done" && (
        <>
          <dt>{t("threads.dueLabel")}</dt>
          <dd>
            <Due dueAt={thread.dueAt} zone={client.timezone} now={now} />
            {thread.target && <span class="muted"> ({thread.target})</span>}
          </dd>
        </>
      )}
      {thread.awaitingSince && (
        <>
          <dt>{t("threads.awaiting")}</dt>
          <dd>{dateTime(thread.awaitingSince, client.timezone)}</dd>
        </>
      )}
    </dl>
  );
}
