// One interaction: who wrote what and when, on which post, moderation's
// decision with its reasons, and the person's choices: hide, show again
// for review, allow, and reply where the network takes one.
import { useEffect, useRef, useState } from "preact/hooks";
import type { InboxEntry } from "../../api/types";
import { ApiError, message } from "../../api/client";
import { useSession } from "../../context";
import { dateTime, t, type Key } from "../../i18n";
import { networkInfo } from "../../networks";
import { ErrorNote } from "../../ui/status";
import { decide, reply, type Override } from "./inbox-api";

export function Item({ entry, canReply, onChanged }: { entry: InboxEntry; canReply: boolean; onChanged: () => Promise<void> }) {
  const { client, announce } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [confirm, setConfirm] = useState(false);
  const [offerConfirm, setOfferConfirm] = useState(false);
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
    setBusy(true);
    setError(null);
    try {
      await reply(client.id, entry, text, confirm);
      setText("");
      announce(t("inbox.replied"));
      await onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.detail.includes("confirm")) setOfferConfirm(true);
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  const state = entry.action ?? "pending";
  const hidden = state === "hide";
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
        {entry.score !== undefined && (
          <>
            <dt>{t("inbox.score")}</dt>
            <dd>{entry.score.toFixed(2)}</dd>
          </>
        )}
        {(entry.reasons?.length ?? 0) > 0 && (
          <>
            <dt>{t("inbox.reasons")}</dt>
            <dd>
              <ul class="plain">
                {entry.reasons!.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
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
      {canReply && !entry.private && (
        <form class="reply" onSubmit={(e) => void send(e)}>
          <label for="reply-text">{t("inbox.reply")}</label>
          <textarea id="reply-text" rows={3} required value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
          {offerConfirm && (
            <label>
              <input type="checkbox" checked={confirm} onChange={(e) => setConfirm((e.currentTarget as HTMLInputElement).checked)} />{" "}
              {t("compose.accept.private")}
            </label>
          )}
          <button type="submit" disabled={busy || !text.trim()}>
            {t("inbox.send")}
          </button>
        </form>
      )}
    </section>
  );
}
