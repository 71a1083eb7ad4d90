// The inbox: the threads the team works (the default), or every
// interaction with moderation's decision; the view, its filters and what
// is open live in the URL, so a link shows a colleague the same thing.
// A link naming an interaction (item=) opens the interactions.
import { useSession } from "../../context";
import { t } from "../../i18n";
import { screenPath, type Route } from "../../router";
import { Link } from "../../ui/link";
import { Interactions } from "./interactions";
import { Threads } from "./threads";

export type InboxView = "threads" | "interactions";

export function inboxView(q: URLSearchParams): InboxView {
  const v = q.get("view");
  if (v === "threads" || v === "interactions") return v;
  return q.has("item") ? "interactions" : "threads";
}

export function Inbox({ route }: { route: Route }) {
  const { client } = useSession();
  const view = inboxView(route.query);
  const views: [InboxView, string][] = [
    ["threads", t("inbox.view.threads")],
    ["interactions", t("inbox.view.interactions")],
  ];
  return (
    <div class="inbox">
      <nav class="views" aria-label={t("inbox.views")}>
        <ul>
          {views.map(([v, label]) => (
            <li key={v}>
              <Link href={screenPath(client.id, "inbox", `?view=${v}`)} aria-current={v === view ? "page" : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {view === "threads" ? <Threads route={route} /> : <Interactions route={route} />}
    </div>
  );
}
