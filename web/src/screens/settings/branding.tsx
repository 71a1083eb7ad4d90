// The client's branding, as its reports show it: the agency's name, its
// logo's address and its colour.
import { useState } from "preact/hooks";
import { clientPath, message, request } from "../../api/client";
import { useSession } from "../../context";
import { t } from "../../i18n";
import { Done, ErrorNote } from "../../ui/status";

export function Branding() {
  const { client, reloadClient, announce } = useSession();
  const [name, setName] = useState(client.branding.name ?? "");
  const [logo, setLogo] = useState(client.branding.logo ?? "");
  const [color, setColor] = useState(client.branding.color ?? "");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await request("PUT", clientPath(client.id, "/branding"), {
        body: { name: name || undefined, logo: logo || undefined, color: color || undefined },
        ifMatch: client.version,
      });
      setSaved(true);
      announce(t("branding.saved"));
      await reloadClient();
    } catch (err) {
      setError(message(err));
    }
  };
  return (
    <section aria-labelledby="branding-h">
      <h2 id="branding-h">{t("branding.title")}</h2>
      <form class="stack" onSubmit={(e) => void save(e)}>
        <label>
          {t("branding.name")}
          <input type="text" value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          {t("branding.logo")}
          <input type="url" value={logo} onInput={(e) => setLogo((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          {t("branding.color")}
          <input type="text" pattern="#[0-9a-fA-F]{6}" placeholder="#1f5fbf" value={color} onInput={(e) => setColor((e.currentTarget as HTMLInputElement).value)} />
        </label>
        {error && <ErrorNote>{error}</ErrorNote>}
        {saved && <Done>{t("branding.saved")}</Done>}
        <button type="submit">{t("branding.save")}</button>
      </form>
    </section>
  );
}
