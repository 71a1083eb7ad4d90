// The inbox's interactions: each comment, reply, mention and message
// across the client's accounts, with moderation's decision, filtered by
// network, state and label; the filters and the selected item live in
// the URL, so a link shows a colleague the same thing.
import { useSession } from "../../context";
import { dateTime, t, type Key } from "../../i18n";
import { networks, networkInfo } from "../../networks";
import { setQuery, type Route } from "../../router";
import { useLoad } from "../../ui/load";
import { Empty, Loaded } from "../../ui/status";
import { listInbox } from "./inbox-api";
import { Item } from "./item";

const states = ["pending", "allow", "review", "hide", "delete"];

export function Interactions({ route }: { route: Route }) {
  const { client } = useSession();
  const f = { network: route.query.get("network") ?? "", state: route.query.get("state") ?? "", label: route.query.get("label") ?? "" };
  const selected = route.query.get("item");
  const entries = useLoad(() => listInbox(client.id, { ...f, label: "" }), [client.id, f.network, f.state]);
  const labels = [...new Set((entries.data ?? []).flatMap((e) => e.labels ?? []))].sort();
  const shown = (entries.data ?? []).filter((e) => !f.label || (e.labels ?? []).includes(f.label));
  const current = selected ? entries.data?.find((e) => `${e.network}:${e.id}` === selected) : undefined;

  return (
    <div class="interactions">
      <form class="filters" role="search" aria-label={t("inbox.filters")} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("inbox.network")}
          <select value={f.network} onChange={(e) => setQuery({ network: (e.currentTarget as HTMLSelectElement).value, item: null })}>
            <option value="">{t("inbox.all")}</option>
            {Object.keys(networks).map((n) => (
              <option value={n} key={n}>
                {networkInfo(n).label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("inbox.state")}
          <select value={f.state} onChange={(e) => setQuery({ state: (e.currentTarget as HTMLSelectElement).value, item: null })}>
            <option value="">{t("inbox.all")}</option>
            {states.map((s) => (
              <option value={s} key={s}>
                {t(`inbox.state.${s}` as Key)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("inbox.label")}
          <select value={f.label} onChange={(e) => setQuery({ label: (e.currentTarget as HTMLSelectElement).value, item: null })}>
            <option value="">{t("inbox.all")}</option>
            {[...new Set([...labels, ...(f.label ? [f.label] : [])])].map((l) => (
              <option value={l} key={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void entries.reload()}>
          {t("refresh")}
        </button>
      </form>
      <Loaded state={entries} what={t("loading.inbox")}>
        {() => (
          <div class="inbox-layout">
            <section aria-labelledby="inbox-list">
              <h2 id="inbox-list">{t("inbox.count", { n: shown.length })}</h2>
              {shown.length === 0 ? (
                <Empty>{t("inbox.empty")}</Empty>
              ) : (
                <ul class="inbox-list">
                  {shown.map((e) => {
                    const key = `${e.network}:${e.id}`;
                    return (
                      <li key={key}>
                        <a
                          href={`?${new URLSearchParams({ ...Object.fromEntries(route.query), item: key })}`}
                          aria-current={key === selected ? "true" : undefined}
                          data-item={key}
                          onClick={(ev) => {
                            ev.preventDefault();
                            setQuery({ item: key }, { replace: false });
                          }}
                        >
                          <span class={`badge action-${e.action ?? "pending"}`}>{t(`inbox.state.${e.action ?? "pending"}` as Key)}</span>{" "}
                          <strong>{e.author.name || e.author.id}</strong> <span class="muted">{networkInfo(e.network).label}</span>{" "}
                          <time>{dateTime(e.createdAt, client.timezone)}</time>
                          <span class="text">{e.text}</span>
                        </a>
                      </li>
                    );
                  })}
                </ul>
              )}
            </section>
            {selected &&
              (current ? (
                <Item key={selected} entry={current} onChanged={entries.reload} />
              ) : (
                <Empty>{t("inbox.notShown")}</Empty>
              ))}
          </div>
        )}
      </Loaded>
    </div>
  );
}
