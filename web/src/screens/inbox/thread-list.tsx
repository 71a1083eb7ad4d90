// The list of threads, latest activity first: each row says who wrote,
// what they last said, the thread's status, who has it, when it is due
// (standing out when past or close) and whether it is a private
// conversation.
import type { InboxThread } from "../../api/types";
import { useSession } from "../../context";
import { t } from "../../i18n";
import { networkInfo } from "../../networks";
import { setQuery, type Route } from "../../router";
import { Empty } from "../../ui/status";
import { Due } from "./due";
import { PrivateMark, ThreadStatusBadge } from "./thread-status";
import { threadKey } from "./threads-api";

export function ThreadList(props: { threads: InboxThread[]; route: Route; selected: string; now: number }) {
  const { threads, route, selected, now } = props;
  if (threads.length === 0) return <Empty>{t("threads.empty")}</Empty>;
  return (
    <ul class="inbox-list thread-list">
      {threads.map((th) => {
        const key = threadKey(th);
        return (
          <li key={key}>
            <a
              href={`?${new URLSearchParams({ ...Object.fromEntries(route.query), thread: key })}`}
              aria-current={key === selected ? "true" : undefined}
              data-thread={key}
              onClick={(e) => {
                e.preventDefault();
                setQuery({ thread: key }, { replace: false });
              }}
            >
              <ThreadRow thread={th} now={now} />
            </a>
          </li>
        );
      })}
    </ul>
  );
}

function ThreadRow({ thread, now }: { thread: InboxThread; now: number }) {
  const { client, me } = useSession();
  const who = thread.assignee ? (thread.assignee === me.name ? t("threads.assignedYou") : thread.assignee) : t("threads.unassigned");
  return (
    <>
      <span class="row-head">
        <ThreadStatusBadge status={thread.status} /> {thread.private && <PrivateMark />}{" "}
        <strong>{thread.author.name || thread.author.id}</strong> <span class="muted">{networkInfo(thread.network).label}</span>
      </span>
      <span class="text">{thread.snippet}</span>
      <span class="row-foot">
        <span class="assignee">{who}</span>
        {thread.dueAt && thread.status !== "done" && (
          <>
            {" · "}
            <Due dueAt={thread.dueAt} zone={client.timezone} now={now} />
          </>
        )}
        {(thread.tags ?? []).map((tag) => (
          <span key={tag} class="tag">
            {tag}
          </span>
        ))}
      </span>
    </>
  );
}
