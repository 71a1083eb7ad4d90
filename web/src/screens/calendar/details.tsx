// A post's details beside the calendar: its state and why, where it was
// published, and a form that reschedules it without dragging.
import { useEffect, useRef, useState } from "preact/hooks";
import type { Post } from "../../api/types";
import { message } from "../../api/client";
import { dateTime, t } from "../../i18n";
import { permalink } from "../../networks";
import { ErrorNote } from "../../ui/status";
import { StatusBadge } from "../../ui/status-badge";
import { canCancel, canReschedule, cancel, reschedule } from "./posts";

export function Details(props: { post: Post; mayMove: boolean; onChanged: (msg: string) => Promise<void>; onClose: () => void }) {
  const { post, mayMove } = props;
  const [at, setAt] = useState(post.localTime.slice(0, 16));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setAt(post.localTime.slice(0, 16));
    setError(null);
    heading.current?.focus();
  }, [post.id]);
  const link = post.networkPostId ? permalink(post.account, post.networkPostId) : null;

  const run = async (f: () => Promise<Post>, msg: string) => {
    setBusy(true);
    setError(null);
    try {
      await f();
      await props.onChanged(msg);
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="details" aria-labelledby="post-details">
      <h2 id="post-details" ref={heading} tabIndex={-1}>
        {t("post.details")}
      </h2>
      <p>
        <StatusBadge status={post.status} /> <span class="acct">{post.account}</span>
      </p>
      <p class="post-text">{post.text}</p>
      {post.link && (
        <p>
          <a href={post.link} target="_blank" rel="noopener noreferrer">
            {post.link}
          </a>
        </p>
      )}
      {post.media?.map((m) => m.url && <img key={m.id} src={m.url} alt={m.alt ?? ""} class="thumb" />)}
      <dl>
        <dt>{t("post.when")}</dt>
        <dd>
          {post.localTime.replace("T", " ")} ({post.timezone})
        </dd>
        {post.publishedAt && (
          <>
            <dt>{t("post.publishedAt")}</dt>
            <dd>{dateTime(post.publishedAt, post.timezone)}</dd>
          </>
        )}
        {post.networkPostId && (
          <>
            <dt>{t("post.onNetwork")}</dt>
            <dd>
              {link ? (
                <a href={link} target="_blank" rel="noopener noreferrer" class="published-link">
                  {t("post.see")} ({post.networkPostId})
                </a>
              ) : (
                post.networkPostId
              )}
            </dd>
          </>
        )}
        {post.failureReason && (
          <>
            <dt>{t("post.reason")}</dt>
            <dd class="reason">{post.failureReason}</dd>
          </>
        )}
        {post.approvedBy && (
          <>
            <dt>{t("post.approvedBy")}</dt>
            <dd>{post.approvedBy}</dd>
          </>
        )}
      </dl>
      {error && <ErrorNote>{error}</ErrorNote>}
      {mayMove && canReschedule(post) && (
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => reschedule(post, at), t("calendar.rescheduled", { when: at.replace("T", " ") }));
          }}
        >
          <label>
            {t("post.newTime", { zone: post.timezone })}
            <input type="datetime-local" value={at} required onInput={(e) => setAt((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <button type="submit" disabled={busy}>
            {t("post.reschedule")}
          </button>
        </form>
      )}
      <div class="actions">
        {mayMove && canCancel(post) && (
          <button type="button" class="danger" disabled={busy} onClick={() => void run(() => cancel(post), t("post.cancelled"))}>
            {t("post.cancel")}
          </button>
        )}
        <button type="button" onClick={props.onClose}>
          {t("close")}
        </button>
      </div>
    </section>
  );
}
