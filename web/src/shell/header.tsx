// The shell's header: a skip link, the client switcher, the screens, the
// language and the person signed in.
import type { Client, Me } from "../api/types";
import { managing } from "../context";
import { t } from "../i18n";
import { LangSwitch } from "../ui/lang-switch";
import { navigate, screenPath } from "../router";
import { signOut } from "../auth/session";
import { Link } from "../ui/link";
import { screens } from "./screens";

export function Header({ me, clients, client, screen }: { me: Me; clients: Client[]; client: Client | null; screen: string }) {
  return (
    <header class="top">
      <a class="skip" href="#main">
        {t("skip")}
      </a>
      <div class="bar">
        <span class="logo" aria-hidden="true">
          Relais
        </span>
        {clients.length > 0 && (
          <label class="switcher">
            <span>{t("client")}</span>
            <select
              value={client?.id ?? ""}
              onChange={(e) => navigate(screenPath((e.currentTarget as HTMLSelectElement).value, screen || "calendar"))}
            >
              {!client && <option value="">{t("client.choose")}</option>}
              {clients.map((c) => (
                <option value={c.id} key={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <span class="spacer" />
        <LangSwitch />
        <span class="who">
          {me.name} <span class="role">({t(`role.${me.role}`)})</span>
        </span>
        <button
          type="button"
          class="link"
          onClick={() => {
            signOut();
            location.assign("/");
          }}
        >
          {t("signout")}
        </button>
      </div>
      {client && (
        <nav aria-label={t("nav.label")}>
          <ul>
            {screens
              .filter((s) => !s.managing || managing(me))
              .map((s) => (
                <li key={s.id}>
                  <Link href={screenPath(client.id, s.id)} aria-current={s.id === screen ? "page" : undefined}>
                    {s.title()}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
      )}
    </header>
  );
}
