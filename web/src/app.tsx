// The console: sign-in, then a client's screens inside the shell; the
// reviewer's page stands alone.
import { useEffect, useState } from "preact/hooks";
import { onLang } from "./i18n";
import { useRoute, navigate } from "./router";
import { signedIn, onSessionEnd } from "./auth/session";
import { returning, completeSignIn } from "./auth/oidc";
import { SignIn } from "./screens/signin/signin";
import { Review } from "./screens/review/review";
import { Console } from "./shell/console";
import { Loading } from "./ui/status";
import { t } from "./i18n";

export function App() {
  const route = useRoute();
  const [, rerender] = useState(0);
  const [ended, setEnded] = useState(false);
  const [signInError, setSignInError] = useState<string | null>(null);
  const [completing, setCompleting] = useState(returning());

  useEffect(() => onLang(() => rerender((n) => n + 1)), []);
  useEffect(() => onSessionEnd(() => setEnded(true)), []);
  useEffect(() => {
    if (!completing) return;
    completeSignIn()
      .then((to) => {
        setEnded(false);
        navigate(to, { replace: true });
      })
      .catch(() => {
        setSignInError(t("signin.failed"));
        history.replaceState(null, "", "/");
      })
      .finally(() => setCompleting(false));
  }, [completing]);

  if (route.path === "/review") return <Review />;
  if (completing) {
    return (
      <main id="main" class="center">
        <Loading what={t("signin.completing")} />
      </main>
    );
  }
  if (ended || !signedIn()) {
    return <SignIn ended={ended && !signInError} error={signInError} />;
  }
  return <Console route={route} />;
}
