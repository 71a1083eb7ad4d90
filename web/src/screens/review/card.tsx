// A post waiting for approval, as it will look, with approve and reject
// and a comment: the reviewer's page and the approvals screen share it.
import { useState } from "preact/hooks";
import type { Post } from "../../api/types";
import { clientPath, message, request } from "../../api/client";
import { t } from "../../i18n";
import { splitAccount } from "../../networks";
import { ErrorNote } from "../../ui/status";
import { Preview } from "../compose/preview";

export function ReviewCard({ post, zone, onDecided }: { post: Post; zone: string; onDecided: (p: Post, verb: "approve" | "reject") => void }) {
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { network, id } = splitAccount(post.account);
  const decide = async (verb: "approve" | "reject") => {
    setBusy(true);
    setError(null);
    try {
      const a = await request<Post>("POST", clientPath(post.clientId, `/posts/${encodeURIComponent(post.id)}/${verb}`), {
        body: comment ? { comment } : {},
        ifMatch: post.version,
      });
      onDecided(a.data, verb);
    } catch (err) {
      setError(message(err));
      setBusy(false);
    }
  };
  const cid = `comment-${post.id}`;
  return (
    <article class="review-card" aria-labelledby={`h-${post.id}`} data-post={post.id}>
      <h3 id={`h-${post.id}`}>{t("review.when", { when: post.localTime.replace("T", " "), zone })}</h3>
      <Preview
        network={network}
        account={id}
        text={post.text}
        link={post.link ?? ""}
        image={post.media?.[0]?.url ?? post.imageUrl ?? null}
        alt={post.media?.[0]?.alt ?? ""}
      />
      <label for={cid}>{t("review.comment")}</label>
      <textarea id={cid} rows={2} value={comment} onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)} />
      {error && <ErrorNote>{error}</ErrorNote>}
      <div class="actions">
        <button type="button" class="primary" disabled={busy} onClick={() => void decide("approve")}>
          {t("review.approve")}
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => void decide("reject")}>
          {t("review.reject")}
        </button>
      </div>
    </article>
  );
}
