// Pause holds every scheduled post of the client (a crisis), resume plans
// them again and lists those whose time went by meanwhile.
import { useState } from "preact/hooks";
import { clientPath, message, request } from "../../api/client";
import type { Held } from "../../api/types";
import { useSession } from "../../context";
import { t } from "../../i18n";
import { Done, ErrorNote } from "../../ui/status";

export function Pause() {
  const { client, reloadClient, announce } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const run = async (verb: "pause" | "resume") => {
    setBusy(true);
    setError(null);
    setSaid(null);
    try {
      const h = (await request<Held>("POST", clientPath(client.id, `/${verb}`))).data;
      const text =
        verb === "pause"
          ? t("pause.held", { n: h.held })
          : t("pause.resumed", { n: h.resumed }) + (h.stale.length ? ` ${t("pause.stale", { ids: h.stale.join(", ") })}` : "");
      setSaid(text);
      announce(text);
      await reloadClient();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="pause-h">
      <h2 id="pause-h">{t("pause.title")}</h2>
      <p>{client.paused ? t("pause.isPaused") : t("pause.isRunning")}</p>
      {client.paused ? (
        <button type="button" class="primary" disabled={busy} onClick={() => void run("resume")}>
          {t("pause.resume")}
        </button>
      ) : (
        <button type="button" class="danger" disabled={busy} onClick={() => void run("pause")}>
          {t("pause.pause")}
        </button>
      )}
      {said && <Done>{said}</Done>}
      {error && <ErrorNote>{error}</ErrorNote>}
    </section>
  );
}
