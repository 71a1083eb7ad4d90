// Approvals: the posts waiting for the client's approval and what was
// decided, refreshed every few seconds so a reviewer's decision shows at
// once; a reviewer or an admin decides here too, and a manager makes the
// review links the client's people open.
import { clientPath, pages } from "../../api/client";
import type { Post } from "../../api/types";
import { useSession, managing, reviewing } from "../../context";
import { t } from "../../i18n";
import { useLoad, usePoll } from "../../ui/load";
import { Empty, Loaded } from "../../ui/status";
import { StatusBadge } from "../../ui/status-badge";
import { ReviewCard } from "../review/card";
import { ReviewLinks } from "./links";

export function Approvals() {
  const { client, me, announce } = useSession();
  const posts = useLoad(() => pages<Post>(clientPath(client.id, "/posts")), [client.id]);
  usePoll(posts.reload, 3000);
  return (
    <div class="approvals">
      {client.approval !== "required" && <p class="hint">{t("approvals.notRequired")}</p>}
      <Loaded state={posts} what={t("loading.posts")}>
        {(all) => {
          const waiting = all.filter((p) => p.status === "pending_approval").sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
          const decided = all
            .filter((p) => p.approvedBy || (p.status === "draft" && client.approval === "required"))
            .sort((a, b) => b.scheduledAt.localeCompare(a.scheduledAt))
            .slice(0, 20);
          return (
            <>
              <section aria-labelledby="waiting">
                <h2 id="waiting">{t("approvals.waiting", { n: waiting.length })}</h2>
                {waiting.length === 0 && <Empty>{t("approvals.none")}</Empty>}
                {reviewing(me) ? (
                  waiting.map((p) => (
                    <ReviewCard
                      key={p.id}
                      post={p}
                      zone={client.timezone}
                      onDecided={(_p, verb) => {
                        announce(t(verb === "approve" ? "review.approved" : "review.rejected", { when: p.localTime.replace("T", " ") }));
                        void posts.reload();
                      }}
                    />
                  ))
                ) : (
                  <ul class="post-list">
                    {waiting.map((p) => (
                      <li key={p.id} data-post={p.id}>
                        <StatusBadge status={p.status} /> <time>{p.localTime.replace("T", " ")}</time> <span class="acct">{p.account}</span>{" "}
                        <span class="text">{p.text}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              <section aria-labelledby="decided">
                <h2 id="decided">{t("approvals.decided")}</h2>
                {decided.length === 0 ? (
                  <Empty>{t("approvals.noneDecided")}</Empty>
                ) : (
                  <ul class="post-list" aria-live="polite">
                    {decided.map((p) => (
                      <li key={p.id} data-post={p.id}>
                        <StatusBadge status={p.status} /> <time>{p.localTime.replace("T", " ")}</time> <span class="acct">{p.account}</span>{" "}
                        <span class="text">{p.text}</span>{" "}
                        {p.approvedBy ? (
                          <span class="by">{t("approvals.approvedBy", { name: p.approvedBy })}</span>
                        ) : (
                          <span class="by">{t("approvals.returned")}</span>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </>
          );
        }}
      </Loaded>
      {managing(me) && <ReviewLinks />}
    </div>
  );
}
