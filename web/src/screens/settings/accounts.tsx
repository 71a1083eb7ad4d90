// The client's accounts, and the connection of another one with its token
// (kept by Relais as a secret, never shown again).
import { useState } from "preact/hooks";
import { clientPath, get, message, newKey, request } from "../../api/client";
import type { Account } from "../../api/types";
import { useSession } from "../../context";
import { dateTime, t } from "../../i18n";
import { networks, networkInfo } from "../../networks";
import { useLoad } from "../../ui/load";
import { Empty, ErrorNote, Loaded } from "../../ui/status";

export function Accounts() {
  const { client, announce } = useSession();
  const accounts = useLoad(() => get<{ items: Account[] }>(clientPath(client.id, "/accounts")).then((a) => a.items), [client.id]);
  const [network, setNetwork] = useState("sandbox");
  const [id, setId] = useState("");
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const connect = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await request("POST", clientPath(client.id, "/accounts"), { body: { network, id, token }, idempotencyKey: newKey() });
      announce(t("accounts.connected", { account: `${network}:${id}` }));
      setId("");
      setToken("");
      await accounts.reload();
    } catch (err) {
      setError(message(err));
    }
  };
  return (
    <section aria-labelledby="accounts-h">
      <h2 id="accounts-h">{t("accounts.title")}</h2>
      <Loaded state={accounts} what={t("loading.accounts")}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{t("accounts.none")}</Empty>
          ) : (
            <ul class="plain">
              {items.map((a) => (
                <li key={`${a.network}:${a.id}`}>
                  <strong>{networkInfo(a.network).label}</strong> {a.id}{" "}
                  <span class="muted">{t("accounts.since", { when: dateTime(a.connectedAt, client.timezone) })}</span>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <form class="inline" onSubmit={(e) => void connect(e)}>
        <label>
          {t("accounts.network")}
          <select value={network} onChange={(e) => setNetwork((e.currentTarget as HTMLSelectElement).value)}>
            {Object.keys(networks).map((n) => (
              <option key={n} value={n}>
                {networkInfo(n).label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("accounts.id")}
          <input type="text" required value={id} onInput={(e) => setId((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          {t("accounts.token")}
          <input type="password" required autocomplete="off" value={token} onInput={(e) => setToken((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit">{t("accounts.connect")}</button>
      </form>
      {error && <ErrorNote>{error}</ErrorNote>}
    </section>
  );
}
