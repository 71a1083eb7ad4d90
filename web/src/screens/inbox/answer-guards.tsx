// An answer through the guards, shared by an interaction's public reply
// and a thread's answer: a refusal lists the guards' findings with the
// CLI's words, and those a person may accept (another client's brand,
// private data) become checkboxes, sent with the next try as --force and
// --confirm are.
import { useState } from "preact/hooks";
import { ApiError, message } from "../../api/client";
import { t } from "../../i18n";
import { ErrorNote } from "../../ui/status";
import { acceptable, type Acceptable } from "../compose/guards";

export interface AnswerGuards {
  busy: boolean;
  // error is a failure other than the guards' (a closed window, a
  // conflict), as a sentence.
  error: string | null;
  refused: string[];
  offered: Acceptable[];
  accepted: Acceptable[];
  accept: (g: Acceptable, on: boolean) => void;
  // send runs post with the accepted guards, and answers whether the
  // answer went out.
  send: (post: (accept: Acceptable[]) => Promise<unknown>) => Promise<boolean>;
}

export function useAnswerGuards(): AnswerGuards {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState<string[]>([]);
  const [offered, setOffered] = useState<Acceptable[]>([]);
  const [accepted, setAccepted] = useState<Acceptable[]>([]);
  const send = async (post: (accept: Acceptable[]) => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setRefused([]);
    try {
      await post(accepted);
      setOffered([]);
      setAccepted([]);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.guards.length) {
        setRefused(err.guards.map((g) => g.message));
        setOffered(acceptable(err.guards));
      } else setError(message(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const accept = (g: Acceptable, on: boolean) => setAccepted((a) => (on ? [...a.filter((x) => x !== g), g] : a.filter((x) => x !== g)));
  return { busy, error, refused, offered, accepted, accept, send };
}

// AnswerRefusal shows, inside the answer's form, why the answer did not
// go out: the guards' findings with the checkboxes that accept them, or
// the API's sentence.
export function AnswerRefusal({ guards }: { guards: AnswerGuards }) {
  return (
    <>
      {guards.error && <ErrorNote>{guards.error}</ErrorNote>}
      {guards.refused.length > 0 && (
        <div class="note error" role="alert">
          <p>{t("compose.refused")}</p>
          <ul class="refusal">
            {guards.refused.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      )}
      {guards.offered.map((g) => (
        <label key={g}>
          <input
            type="checkbox"
            checked={guards.accepted.includes(g)}
            onChange={(e) => guards.accept(g, (e.currentTarget as HTMLInputElement).checked)}
          />{" "}
          {t(g === "brand" ? "compose.accept.brand" : "compose.accept.private")}
        </label>
      ))}
    </>
  );
}
