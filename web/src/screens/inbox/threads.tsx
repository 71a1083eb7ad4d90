// The inbox's threads: the list under its status tab ("mine" and the
// network narrow it), read again every 20 seconds, beside the open
// thread, which the URL names (thread=<network>:<id>) so that a link
// opens it for a colleague.
import { threadStatuses, type ThreadStatus } from "../../api/types";
import { useSession } from "../../context";
import { t } from "../../i18n";
import type { Route } from "../../router";
import { useLoad, usePoll } from "../../ui/load";
import { useNow } from "../../ui/now";
import { Loaded } from "../../ui/status";
import { ThreadFilterBar } from "./thread-filters";
import { ThreadList } from "./thread-list";
import { ThreadPanel } from "./thread";
import { listThreads, parseThreadKey } from "./threads-api";

export function threadStatus(v: string | null): ThreadStatus {
  return threadStatuses.find((s) => s === v) ?? "open";
}

export function Threads({ route }: { route: Route }) {
  const { client, me } = useSession();
  const status = threadStatus(route.query.get("status"));
  const mine = route.query.get("mine") === "1";
  const network = route.query.get("network") ?? "";
  const selected = route.query.get("thread") ?? "";
  const open = parseThreadKey(selected);
  const threads = useLoad(
    () => listThreads(client.id, { status, assignee: mine ? me.name : "", network }),
    [client.id, status, mine, network, me.name],
  );
  // What arrives meanwhile shows without a refresh.
  usePoll(threads.reload, 20_000);
  const now = useNow(30_000);
  return (
    <>
      <ThreadFilterBar route={route} status={status} mine={mine} network={network} onRefresh={threads.reload} />
      <Loaded state={threads} what={t("loading.threads")}>
        {(items) => (
          <div class="inbox-layout">
            <section aria-labelledby="threads-list">
              <h2 id="threads-list">{t(`threads.count.${status}`, { n: items.length })}</h2>
              <ThreadList threads={items} route={route} selected={selected} now={now} />
            </section>
            {open && <ThreadPanel key={selected} thread={open} now={now} onChanged={threads.reload} />}
          </div>
        )}
      </Loaded>
    </>
  );
}
