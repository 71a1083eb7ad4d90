// One interaction as a thread: who wrote what and when, on which post,
// moderation's decision with its reasons and scores, the answers sent
// from Relais, and the person's choices: hide, show again for review,
// allow, and a public reply where the network takes one, through the
// guards (answer-guards.tsx).
import { useEffect, useRef, useState } from "preact/hooks";
import type { InboxEntry } from "../../api/types";
import { message } from "../../api/client";
import { useSession } from "../../context";
import { dateTime, t, type Key } from "../../i18n";
import { networkInfo } from "../../networks";
import { useLoad } from "../../ui/load";
import { ErrorNote, Loading } from "../../ui/status";
import { AnswerRefusal, useAnswerGuards } from "./answer-guards";
import { decide, reply, thread, type Override } from "./inbox-api";

export function Item({ entry, onChanged }: { entry: InboxEntry; onChanged: () => Promise<void> }) {
  const { client, announce } = useSession();
  const th = useLoad(() => thread(client.id, entry.network, entry.id), [client.id, entry.network, entry.id, entry.action, entry.applied]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState("");
  const guards = useAnswerGuards();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const act = async (o: Override) => {
    setBusy(true);
    setError(null);
    try {
      const d = await decide(client.id, entry, o);
      announce(t(`inbox.done.${o}` as Key, { applied: d.applied ? "" : t("inbox.notApplied") }));
      await onChanged();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  const send = async (e: Event) => {
    e.preventDefault();
    if (await guards.send((accept) => reply(client.id, entry, text, accept))) {
      setText("");
      announce(t("inbox.replied"));
      await th.reload();
    }
  };
  const state = entry.action ?? "pending";
  const hidden = state === "hide";
  const score = th.data?.decision?.score;
  const reasons = score?.reasons?.length ? score.reasons : (entry.reasons ?? []);
  const mayReply = networkInfo(entry.network).replies && !entry.private && !entry.removed;
  return (
    <section class="item" aria-labelledby="item-h">
      <h2 id="item-h" ref={heading} tabIndex={-1}>
        {t("inbox.from", { name: entry.author.name || entry.author.id })}
      </h2>
      <p class="post-text">{entry.text}</p>
      <dl>
        <dt>{t("inbox.where")}</dt>
        <dd>
          {networkInfo(entry.network).label} · {entry.accountId}
          {entry.private && ` · ${t("inbox.private")}`}
        </dd>
        <dt>{t("inbox.when")}</dt>
        <dd>{dateTime(entry.createdAt, client.timezone)}</dd>
        {entry.postId && (
          <>
            <dt>{t("inbox.post")}</dt>
            <dd>{entry.postId}</dd>
          </>
        )}
        <dt>{t("inbox.decision")}</dt>
        <dd>
          <span class={`badge action-${state}`} data-state={state}>
            {t(`inbox.state.${state}` as Key)}
          </span>{" "}
          {entry.action && !entry.applied && <span class="warn">{t("inbox.notApplied")}</span>}
        </dd>
        {reasons.length > 0 && (
          <>
            <dt>{t("inbox.reasons")}</dt>
            <dd>
              <ul class="plain reasons">
                {reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {score && Object.keys(score.categories ?? {}).length > 0 && (
          <>
            <dt>{t("inbox.score")}</dt>
            <dd>
              {Object.entries(score.categories)
                .filter(([, v]) => v >= 0.05)
                .sort((a, b) => b[1] - a[1])
                .map(([k, v]) => `${k} ${v.toFixed(2)}`)
                .join(" · ") || "—"}
            </dd>
          </>
        )}
        {(entry.labels?.length ?? 0) > 0 && (
          <>
            <dt>{t("inbox.labels")}</dt>
            <dd>{entry.labels!.join(", ")}</dd>
          </>
        )}
      </dl>
      {error && <ErrorNote>{error}</ErrorNote>}
      <div class="actions">
        {!hidden && (
          <button type="button" disabled={busy} onClick={() => void act("hide")}>
            {t("inbox.hide")}
          </button>
        )}
        {hidden && (
          <button type="button" disabled={busy} onClick={() => void act("unhide")}>
            {t("inbox.unhide")}
          </button>
        )}
        {state !== "allow" && (
          <button type="button" disabled={busy} onClick={() => void act("allow")}>
            {t("inbox.allow")}
          </button>
        )}
      </div>
      <h3>{t("inbox.answers")}</h3>
      {th.loading && !th.data && <Loading what={t("loading.thread")} />}
      {th.error && <ErrorNote retry={() => void th.reload()}>{th.error}</ErrorNote>}
      {th.data && th.data.answers.length === 0 && <p class="muted">{t("inbox.noAnswers")}</p>}
      <ul class="plain">
        {th.data?.answers.map((a) => (
          <li key={a.id}>
            <strong>{a.by}</strong> · {dateTime(a.at, client.timezone)} · {t(`inbox.answer.${a.state}` as Key)}
            <p class="post-text">{a.text}</p>
          </li>
        ))}
      </ul>
      {mayReply ? (
        <form class="reply" onSubmit={(e) => void send(e)}>
          <label for="reply-text">{t("inbox.reply")}</label>
          <textarea id="reply-text" rows={3} required value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
          <AnswerRefusal guards={guards} />
          <button type="submit" disabled={busy || guards.busy || !text.trim()}>
            {t("inbox.send")}
          </button>
        </form>
      ) : (
        <p class="muted">{entry.private ? t("inbox.noReplyPrivate") : t("inbox.noReply", { network: networkInfo(entry.network).label })}</p>
      )}
    </section>
  );
}
