// The sign-in screen: one button to the issuer's sign-in page (Cognito's
// in AWS, the local issuer under relais dev), which comes back with a code.
import { useState } from "preact/hooks";
import { t } from "../../i18n";
import { LangSwitch } from "../../ui/lang-switch";
import { signIn } from "../../auth/oidc";
import { ErrorNote } from "../../ui/status";

export function SignIn({ ended, error }: { ended: boolean; error: string | null }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const start = async () => {
    setBusy(true);
    setFailed(null);
    const q = new URLSearchParams(location.search);
    const returnTo = location.pathname === "/" ? "/" : location.pathname + location.search;
    try {
      await signIn(returnTo, q.get("login_hint") ?? undefined);
    } catch {
      setFailed(t("signin.unreachable"));
      setBusy(false);
    }
  };
  return (
    <div class="page signin">
      <header class="top">
        <div class="bar">
          <span class="logo">Relais</span>
          <span class="spacer" />
          <LangSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} class="center">
        <h1>{t("signin.title")}</h1>
        <p>{t("signin.body")}</p>
        {ended && <p class="note" role="status">{t("signin.ended")}</p>}
        {(error || failed) && <ErrorNote>{error ?? failed}</ErrorNote>}
        <button type="button" class="primary" onClick={() => void start()} disabled={busy} aria-busy={busy}>
          {busy ? t("signin.going") : t("signin.button")}
        </button>
      </main>
    </div>
  );
}
