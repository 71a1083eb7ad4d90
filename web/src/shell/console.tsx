// The signed-in console: it reads who the person is and the clients they
// may see, then shows the route's client and screen inside the shell.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { get, message } from "../api/client";
import type { Client, Me } from "../api/types";
import { navigate, screenPath, type Route } from "../router";
import { SessionContext, managing } from "../context";
import { Loaded, ErrorNote, Empty } from "../ui/status";
import { useLoad } from "../ui/load";
import { t } from "../i18n";
import { Header } from "./header";
import { screens, type Screen } from "./screens";

export function Console({ route }: { route: Route }) {
  const state = useLoad(async () => {
    const [me, clients] = await Promise.all([get<Me>("/api/me"), get<{ items: Client[] }>("/api/clients")]);
    return { me, clients: clients.items };
  }, []);
  return (
    <Loaded state={state} what={t("loading.account")}>
      {({ me, clients }) => <Signed me={me} clients={clients} route={route} />}
    </Loaded>
  );
}

function parse(path: string): { client: string; screen: string; rest: string } | null {
  const m = /^\/c\/([^/]+)\/([a-z]+)(?:\/(.+))?$/.exec(path);
  return m ? { client: decodeURIComponent(m[1]), screen: m[2], rest: m[3] ? decodeURIComponent(m[3]) : "" } : null;
}

function Signed({ me, clients, route }: { me: Me; clients: Client[]; route: Route }) {
  const where = parse(route.path);
  useEffect(() => {
    if (!where && clients.length > 0) navigate(screenPath(clients[0].id, "calendar"), { replace: true });
  }, [where?.client, clients.length]);
  if (clients.length === 0) {
    return (
      <div class="page">
        <Header me={me} clients={clients} client={null} screen="" />
        <main id="main" tabIndex={-1}>
          <h1>{t("app.noClients.title")}</h1>
          <Empty>{t("app.noClients")}</Empty>
        </main>
      </div>
    );
  }
  if (!where) return null;
  return <ClientScreens me={me} clients={clients} clientId={where.client} screen={where.screen} rest={where.rest} route={route} />;
}

function ClientScreens(props: { me: Me; clients: Client[]; clientId: string; screen: string; rest: string; route: Route }) {
  const { me, clients, clientId, screen, rest, route } = props;
  const known = clients.find((c) => c.id === clientId);
  const [client, setClient] = useState<Client | undefined>(known);
  const [clientError, setClientError] = useState<string | null>(null);
  const [said, setSaid] = useState("");
  useEffect(() => setClient(known), [clientId]);
  const reloadClient = useCallback(async () => {
    try {
      setClient(await get<Client>(`/api/clients/${encodeURIComponent(clientId)}`));
      setClientError(null);
    } catch (err) {
      setClientError(message(err));
    }
  }, [clientId]);
  const announce = useCallback((text: string) => {
    setSaid("");
    setTimeout(() => setSaid(text), 50);
  }, []);

  const def: Screen | undefined = screens.find((s) => s.id === screen && (!s.managing || managing(me)));
  const title = def ? def.title() : t("app.notFound.title");
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    document.title = client ? `${title} · ${client.name} · Relais` : `${title} · Relais`;
  });
  // A new screen moves the focus to its heading, as a page load would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [route.path, clientId]);

  if (!known) {
    return (
      <div class="page">
        <Header me={me} clients={clients} client={null} screen={screen} />
        <main id="main" tabIndex={-1}>
          <h1 ref={heading} tabIndex={-1}>{t("app.unknownClient.title")}</h1>
          <ErrorNote>{t("app.unknownClient", { client: clientId })}</ErrorNote>
        </main>
      </div>
    );
  }
  const c = client ?? known;
  return (
    <SessionContext.Provider value={{ me, client: c, clients, reloadClient, announce }}>
      <div class="page" style={c.branding.color ? { "--brand": c.branding.color } : undefined}>
        <Header me={me} clients={clients} client={c} screen={screen} />
        {c.paused && (
          <div class="banner paused" role="status">
            <strong>{t("paused.title", { client: c.name })}</strong> {t("paused.body")}
          </div>
        )}
        <main id="main" tabIndex={-1}>
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
          {clientError && <ErrorNote>{clientError}</ErrorNote>}
          {def ? def.render({ rest, route }) : <ErrorNote>{t("app.notFound")}</ErrorNote>}
        </main>
        <div class="sr-only" role="status" aria-live="polite">
          {said}
        </div>
      </div>
    </SessionContext.Provider>
  );
}
