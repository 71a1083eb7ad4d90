// The client's service targets, one a line as people write them
// ("complaint 1h mon-fri 09:00-18:00", "message 4h"): how soon the inbox
// expects threads answered. Relais checks them before keeping them, and
// its refusal shows under the field.
import { useEffect, useState } from "preact/hooks";
import { clientPath, message, request } from "../../api/client";
import { useSession } from "../../context";
import { t } from "../../i18n";
import { Done, ErrorNote } from "../../ui/status";

export function Targets() {
  const { client, reloadClient, announce } = useSession();
  const current = (client.serviceTargets ?? []).join("\n");
  const [text, setText] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => setText(current), [current]);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const targets = text.split("\n").map((l) => l.trim()).filter(Boolean);
      await request("PUT", clientPath(client.id, "/targets"), { body: { targets }, ifMatch: client.version });
      setSaved(true);
      announce(t("targets.saved"));
      await reloadClient();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="targets-h">
      <h2 id="targets-h">{t("targets.title")}</h2>
      <form onSubmit={(e) => void save(e)}>
        <label for="targets-text">{t("targets.label")}</label>
        <p id="targets-hint" class="hint">
          {t("targets.hint")}
        </p>
        <textarea
          id="targets-text"
          rows={4}
          spellcheck={false}
          value={text}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "targets-hint targets-error" : "targets-hint"}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        />
        {error && (
          <div id="targets-error">
            <ErrorNote>{error}</ErrorNote>
          </div>
        )}
        {saved && <Done>{t("targets.saved")}</Done>}
        <button type="submit" class="primary" disabled={busy}>
          {t("targets.save")}
        </button>
      </form>
    </section>
  );
}
