// The composer: choose accounts, write once and adapt per network, with
// each network's count and preview, an image, and the time in the
// client's zone; then schedule, or send for approval when the client
// requires it. The guards' refusals show inline, and the ones a person may
// accept become checkboxes.
import { useMemo, useState } from "preact/hooks";
import { DateTime } from "luxon";
import { clientPath, get, message, newKey, request, ApiError } from "../../api/client";
import type { Account, Media, Post } from "../../api/types";
import { useSession } from "../../context";
import { t } from "../../i18n";
import { composed, length, networkInfo } from "../../networks";
import { screenPath } from "../../router";
import { useLoad } from "../../ui/load";
import { Link } from "../../ui/link";
import { Done, Empty, ErrorNote, Loaded } from "../../ui/status";
import { acceptable, type Acceptable } from "./guards";
import { imageTypes, maxImage, upload } from "./media";
import { Preview } from "./preview";

interface Outcome {
  ok: boolean;
  text: string;
  refusal?: string[];
  post?: Post;
}

export function Compose() {
  const { client } = useSession();
  const accounts = useLoad(() => get<{ items: Account[] }>(clientPath(client.id, "/accounts")).then((a) => a.items), [client.id]);
  return (
    <Loaded state={accounts} what={t("loading.accounts")}>
      {(items) =>
        items.length === 0 ? (
          <Empty>
            {t("compose.noAccounts")} <Link href={screenPath(client.id, "settings")}>{t("nav.settings")}</Link>
          </Empty>
        ) : (
          <Composer accounts={items} />
        )
      }
    </Loaded>
  );
}

function defaultTime(zone: string): string {
  return DateTime.now().setZone(zone).plus({ hours: 1 }).startOf("hour").toFormat("yyyy-LL-dd'T'HH:mm");
}

function Composer({ accounts }: { accounts: Account[] }) {
  const { client, announce } = useSession();
  const refs = accounts.map((a) => `${a.network}:${a.id}`);
  const [chosen, setChosen] = useState<string[]>(refs.length === 1 ? refs : []);
  const [text, setText] = useState("");
  const [adapted, setAdapted] = useState<Record<string, string>>({});
  const [link, setLink] = useState("");
  const [at, setAt] = useState(() => defaultTime(client.timezone));
  const [alt, setAlt] = useState("");
  const [media, setMedia] = useState<Media | null>(null);
  const [uploading, setUploading] = useState(false);
  const [imageError, setImageError] = useState<string | null>(null);
  const [accept, setAccept] = useState<Record<Acceptable, boolean>>({ brand: false, private_data: false });
  const [offered, setOffered] = useState<Acceptable[]>([]);
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const chosenNetworks = useMemo(() => [...new Set(chosen.map((r) => r.split(":")[0]))], [chosen]);
  const textFor = (n: string) => adapted[n] ?? text;
  const approval = client.approval === "required";

  const toggle = (ref: string, on: boolean) => setChosen((c) => (on ? [...c, ref] : c.filter((x) => x !== ref)));

  const pick = async (file: File | undefined) => {
    setImageError(null);
    setMedia(null);
    if (!file) return;
    if (!imageTypes.includes(file.type)) return setImageError(t("compose.image.type"));
    if (file.size > maxImage) return setImageError(t("compose.image.size"));
    setUploading(true);
    try {
      const m = await upload(client.id, file, alt);
      setMedia(m);
      announce(t("compose.image.ready"));
    } catch (err) {
      setImageError(message(err));
    } finally {
      setUploading(false);
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setFormError(null);
    if (chosen.length === 0) return setFormError(t("compose.chooseAccount"));
    if (uploading) return setFormError(t("compose.image.wait"));
    setBusy(true);
    const next: Record<string, Outcome> = { ...outcomes };
    const offers = new Set<Acceptable>();
    const acceptList = (Object.keys(accept) as Acceptable[]).filter((g) => accept[g]);
    for (const ref of chosen) {
      if (next[ref]?.ok) continue;
      const n = ref.split(":")[0];
      const body: Record<string, unknown> = { account: ref, at, text: textFor(n) };
      if (link) body.link = link;
      if (media) body.media = [media.id];
      if (acceptList.length) body.accept = acceptList;
      try {
        const a = await request<Post>("POST", clientPath(client.id, "/posts"), { body, idempotencyKey: newKey() });
        next[ref] = {
          ok: true,
          post: a.data,
          text: a.data.status === "pending_approval" ? t("compose.sentForApproval") : t("compose.scheduled", { when: a.data.localTime.replace("T", " ") }),
        };
      } catch (err) {
        const guards = err instanceof ApiError ? err.guards : [];
        acceptable(guards).forEach((g) => offers.add(g));
        next[ref] = guards.length
          ? { ok: false, text: t("compose.refused"), refusal: guards.map((g) => g.message) }
          : { ok: false, text: message(err) };
      }
    }
    setOutcomes(next);
    setOffered((o) => [...new Set([...o, ...offers])]);
    setBusy(false);
    const done = chosen.filter((r) => next[r]?.ok).length;
    announce(t("compose.summary", { done, total: chosen.length }));
  };

  const allDone = chosen.length > 0 && chosen.every((r) => outcomes[r]?.ok);
  const reset = () => {
    setOutcomes({});
    setText("");
    setAdapted({});
    setLink("");
    setMedia(null);
    setAlt("");
    setOffered([]);
    setAccept({ brand: false, private_data: false });
  };

  return (
    <form class="composer" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset>
        <legend>{t("compose.accounts")}</legend>
        <ul class="checks">
          {refs.map((ref) => (
            <li key={ref}>
              <label>
                <input
                  type="checkbox"
                  checked={chosen.includes(ref)}
                  onChange={(e) => toggle(ref, (e.currentTarget as HTMLInputElement).checked)}
                />{" "}
                {networkInfo(ref.split(":")[0]).label} <span class="acct">{ref.slice(ref.indexOf(":") + 1)}</span>
              </label>
              {outcomes[ref] && (
                <div class={outcomes[ref].ok ? "note done" : "note error"} role={outcomes[ref].ok ? "status" : "alert"}>
                  <p>{outcomes[ref].text}</p>
                  {outcomes[ref].refusal && (
                    <ul class="refusal">
                      {outcomes[ref].refusal!.map((m) => (
                        <li key={m}>{m}</li>
                      ))}
                    </ul>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      </fieldset>

      <div class="field">
        <label for="compose-text">{t("compose.text")}</label>
        <textarea id="compose-text" rows={5} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
      </div>
      <div class="field">
        <label for="compose-link">{t("compose.link")}</label>
        <input id="compose-link" type="url" value={link} onInput={(e) => setLink((e.currentTarget as HTMLInputElement).value)} />
      </div>

      {chosenNetworks.map((n) => {
        const info = networkInfo(n);
        const count = length(composed(textFor(n), link), n);
        const over = info.maxText > 0 && count > info.maxText;
        const id = `adapt-${n}`;
        return (
          <div class="network-block" key={n}>
            <h2>{info.label}</h2>
            <p class={over ? "count over" : "count"} id={`${id}-count`}>
              {t("compose.count", { count, max: info.maxText })}
              {over && ` ${t("compose.countOver", { n: count - info.maxText })}`}
            </p>
            <details open={adapted[n] !== undefined}>
              <summary>{t("compose.adapt", { network: info.label })}</summary>
              <label for={id}>{t("compose.adaptLabel", { network: info.label })}</label>
              <textarea
                id={id}
                rows={4}
                aria-describedby={`${id}-count`}
                value={textFor(n)}
                onInput={(e) => setAdapted((a) => ({ ...a, [n]: (e.currentTarget as HTMLTextAreaElement).value }))}
              />
              {adapted[n] !== undefined && (
                <button
                  type="button"
                  class="link"
                  onClick={() =>
                    setAdapted((a) => {
                      const { [n]: _drop, ...rest } = a;
                      return rest;
                    })
                  }
                >
                  {t("compose.sameText")}
                </button>
              )}
            </details>
            {chosen
              .filter((r) => r.startsWith(`${n}:`))
              .map((r) => (
                <Preview key={r} network={n} account={r.slice(n.length + 1)} text={textFor(n)} link={link} image={media?.url ?? null} alt={media?.alt ?? ""} />
              ))}
          </div>
        );
      })}

      <fieldset>
        <legend>{t("compose.image")}</legend>
        <div class="field">
          <label for="compose-alt">{t("compose.alt")}</label>
          <input id="compose-alt" type="text" value={alt} onInput={(e) => setAlt((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="compose-file">{t("compose.file")}</label>
          <input
            id="compose-file"
            type="file"
            accept={imageTypes.join(",")}
            onChange={(e) => void pick((e.currentTarget as HTMLInputElement).files?.[0])}
          />
        </div>
        {uploading && (
          <p class="note" role="status">
            {t("compose.image.uploading")}
          </p>
        )}
        {imageError && <ErrorNote>{imageError}</ErrorNote>}
        {media && (
          <p class="note done" role="status" data-media={media.id}>
            {t("compose.image.ready")}
          </p>
        )}
      </fieldset>

      <div class="field">
        <label for="compose-at">{t("compose.at", { zone: client.timezone })}</label>
        <input id="compose-at" type="datetime-local" required value={at} onInput={(e) => setAt((e.currentTarget as HTMLInputElement).value)} />
      </div>

      {offered.length > 0 && (
        <fieldset class="accept">
          <legend>{t("compose.accept")}</legend>
          {offered.includes("brand") && (
            <label>
              <input type="checkbox" checked={accept.brand} onChange={(e) => setAccept((a) => ({ ...a, brand: (e.currentTarget as HTMLInputElement).checked }))} />{" "}
              {t("compose.accept.brand")}
            </label>
          )}
          {offered.includes("private_data") && (
            <label>
              <input
                type="checkbox"
                checked={accept.private_data}
                onChange={(e) => setAccept((a) => ({ ...a, private_data: (e.currentTarget as HTMLInputElement).checked }))}
              />{" "}
              {t("compose.accept.private")}
            </label>
          )}
        </fieldset>
      )}

      {formError && <ErrorNote>{formError}</ErrorNote>}
      {allDone ? (
        <Done>
          {t("compose.allDone")} <Link href={screenPath(client.id, "calendar")}>{t("nav.calendar")}</Link>{" "}
          <button type="button" onClick={reset}>
            {t("compose.another")}
          </button>
        </Done>
      ) : (
        <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
          {approval ? t("compose.sendForApproval") : t("compose.schedule")}
        </button>
      )}
      {approval && <p class="hint">{t("compose.approvalHint")}</p>}
    </form>
  );
}
