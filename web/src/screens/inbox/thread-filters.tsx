// The threads' filters: a tab per status, "mine" (assigned to the person
// signed in) and the network; each lives in the URL.
import { threadStatuses, type ThreadStatus } from "../../api/types";
import { t, type Key } from "../../i18n";
import { networks, networkInfo } from "../../networks";
import { setQuery, type Route } from "../../router";

export function ThreadFilterBar(props: { route: Route; status: ThreadStatus; mine: boolean; network: string; onRefresh: () => Promise<void> }) {
  const { route, status, mine, network } = props;
  const href = (s: ThreadStatus) => `?${new URLSearchParams({ ...Object.fromEntries(route.query), status: s })}`;
  return (
    <>
      <nav class="tabs" aria-label={t("threads.tabs")}>
        <ul>
          {threadStatuses.map((s) => (
            <li key={s}>
              <a
                href={href(s)}
                aria-current={s === status ? "page" : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  setQuery({ status: s === "open" ? null : s });
                }}
              >
                {t(`threads.tab.${s}` as Key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form class="filters" role="search" aria-label={t("inbox.filters")} onSubmit={(e) => e.preventDefault()}>
        <label class="check">
          <input type="checkbox" checked={mine} onChange={(e) => setQuery({ mine: (e.currentTarget as HTMLInputElement).checked ? "1" : null })} />{" "}
          {t("threads.mine")}
        </label>
        <label>
          {t("inbox.network")}
          <select value={network} onChange={(e) => setQuery({ network: (e.currentTarget as HTMLSelectElement).value })}>
            <option value="">{t("inbox.all")}</option>
            {Object.keys(networks).map((n) => (
              <option value={n} key={n}>
                {networkInfo(n).label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void props.onRefresh()}>
          {t("refresh")}
        </button>
      </form>
    </>
  );
}
