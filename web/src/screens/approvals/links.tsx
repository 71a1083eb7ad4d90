// Review links: a manager makes one for a person of the client, copies
// it once (its URL holds the credential), and may revoke it.
import { useState } from "preact/hooks";
import { clientPath, get, message, newKey, request } from "../../api/client";
import type { ReviewLink } from "../../api/types";
import { useSession } from "../../context";
import { dateTime, t } from "../../i18n";
import { useLoad } from "../../ui/load";
import { Empty, ErrorNote, Loaded } from "../../ui/status";

export function ReviewLinks() {
  const { client, announce } = useSession();
  const links = useLoad(() => get<{ items: ReviewLink[] }>(clientPath(client.id, "/review-links")).then((l) => l.items), [client.id]);
  const [reviewer, setReviewer] = useState("");
  const [days, setDays] = useState(7);
  const [made, setMade] = useState<ReviewLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const make = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const a = await request<ReviewLink>("POST", clientPath(client.id, "/review-links"), { body: { reviewer, days }, idempotencyKey: newKey() });
      setMade(a.data);
      announce(t("links.made"));
      await links.reload();
    } catch (err) {
      setError(message(err));
    }
  };
  const revoke = async (l: ReviewLink) => {
    setError(null);
    try {
      await request("DELETE", clientPath(client.id, `/review-links/${encodeURIComponent(l.id)}`));
      announce(t("links.revoked", { name: l.reviewer }));
      await links.reload();
    } catch (err) {
      setError(message(err));
    }
  };
  return (
    <section aria-labelledby="links">
      <h2 id="links">{t("links.title")}</h2>
      <form class="inline" onSubmit={(e) => void make(e)}>
        <label>
          {t("links.reviewer")}
          <input type="text" required value={reviewer} onInput={(e) => setReviewer((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          {t("links.days")}
          <input type="number" min={1} max={90} value={days} onInput={(e) => setDays(Number((e.currentTarget as HTMLInputElement).value))} />
        </label>
        <button type="submit">{t("links.make")}</button>
      </form>
      {error && <ErrorNote>{error}</ErrorNote>}
      {made?.url && (
        <div class="note done" role="status">
          <p>{t("links.copy", { name: made.reviewer })}</p>
          <label>
            {t("links.url")}
            <input type="text" readOnly value={made.url} class="review-url" onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
          </label>
        </div>
      )}
      <Loaded state={links} what={t("loading.links")}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{t("links.none")}</Empty>
          ) : (
            <ul class="plain">
              {items.map((l) => (
                <li key={l.id}>
                  {t("links.item", { name: l.reviewer, until: dateTime(l.expires) })}{" "}
                  <button type="button" class="link" onClick={() => void revoke(l)}>
                    {t("links.revoke")}
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}
