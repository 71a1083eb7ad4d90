// The client reviewer's page, opened from the agency's link on a phone:
// /review#token=... The token is the bearer; no sign-in.
import { useState } from "preact/hooks";
import { clientPath, get, pages } from "../../api/client";
import type { Client, Me, Post } from "../../api/types";
import { keepReviewToken } from "../../auth/session";
import { t } from "../../i18n";
import { LangSwitch } from "../../ui/lang-switch";
import { useLoad } from "../../ui/load";
import { Done, Empty, Loaded } from "../../ui/status";
import { ReviewCard } from "./card";

// The link's token leaves the address bar at once, so that it is not
// copied with a screenshot or kept in the history.
function takeToken(): void {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    keepReviewToken(decodeURIComponent(m[1]));
    history.replaceState(null, "", "/review");
  }
}
takeToken();

export function Review() {
  const state = useLoad(async () => {
    const me = await get<Me>("/api/me");
    const clientId = me.clients[0];
    const [client, posts] = await Promise.all([get<Client>(clientPath(clientId)), pages<Post>(clientPath(clientId, "/posts"))]);
    return { me, client, posts };
  }, []);
  const [decided, setDecided] = useState<{ id: string; text: string }[]>([]);
  return (
    <div class="page review">
      <header class="top">
        <div class="bar">
          <span class="logo">{state.data?.client.branding.name || state.data?.client.name || "Relais"}</span>
          <span class="spacer" />
          <LangSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{t("review.title")}</h1>
        <Loaded state={state} what={t("loading.posts")}>
          {({ me, client, posts }) => {
            const waiting = posts
              .filter((p) => p.status === "pending_approval" && !decided.some((d) => d.id === p.id))
              .sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
            return (
              <>
                <p>{t("review.intro", { name: me.name, client: client.name })}</p>
                <div aria-live="polite">
                  {decided.map((d) => (
                    <Done key={d.id}>{d.text}</Done>
                  ))}
                </div>
                {waiting.length === 0 ? (
                  <Empty>{t("review.none")}</Empty>
                ) : (
                  waiting.map((p) => (
                    <ReviewCard
                      key={p.id}
                      post={p}
                      zone={client.timezone}
                      onDecided={(after, verb) =>
                        setDecided((d) => [
                          ...d,
                          { id: after.id, text: t(verb === "approve" ? "review.approved" : "review.rejected", { when: after.localTime.replace("T", " ") }) },
                        ])
                      }
                    />
                  ))
                )}
              </>
            );
          }}
        </Loaded>
      </main>
    </div>
  );
}
