// The client's saved replies: each name with its French and English
// texts, which may use {first_name} and {brand}; a form adds one or
// replaces a language's text (Edit fills it in), and Delete forgets one
// language's text.
import { useRef, useState } from "preact/hooks";
import { message } from "../../api/client";
import type { SavedReply } from "../../api/types";
import { useSession } from "../../context";
import { t, type Key } from "../../i18n";
import { useLoad } from "../../ui/load";
import { Empty, ErrorNote, Loaded } from "../../ui/status";
import { byName, forgetReply, listSavedReplies, replyLanguages, saveReply, type ReplyLanguage } from "./saved-replies-api";

export function SavedReplies() {
  const { client, announce } = useSession();
  const replies = useLoad(() => listSavedReplies(client.id), [client.id]);
  const [name, setName] = useState("");
  const [language, setLanguage] = useState<ReplyLanguage>(client.locale === "en" ? "en" : "fr");
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);

  const run = async (f: () => Promise<unknown>, said: string) => {
    setBusy(true);
    setError(null);
    try {
      await f();
      announce(said);
      await replies.reload();
      return true;
    } catch (err) {
      setError(message(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const n = name.trim();
    if (await run(() => saveReply(client.id, n, language, text), t("saved.saved", { name: n }))) {
      setName("");
      setText("");
    }
  };
  const edit = (r: SavedReply) => {
    setName(r.name);
    setLanguage(r.language);
    setText(r.text);
    first.current?.focus();
  };
  const lang = (l: string) => t(`saved.lang.${l}` as Key);

  return (
    <section aria-labelledby="saved-h">
      <h2 id="saved-h">{t("saved.title")}</h2>
      <p class="hint">{t("saved.hint")}</p>
      <Loaded state={replies} what={t("loading.saved")}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{t("saved.none")}</Empty>
          ) : (
            <ul class="plain saved-list">
              {byName(items).map(([n, rs]) => (
                <li key={n} data-saved={n}>
                  <h3>{n}</h3>
                  <ul class="plain">
                    {rs.map((r) => (
                      <li key={r.language} class="saved-item">
                        <span class="badge">{lang(r.language)}</span>{" "}
                        <span class="post-text" lang={r.language}>
                          {r.text}
                        </span>
                        <span class="actions">
                          <button
                            type="button"
                            disabled={busy}
                            aria-label={t("saved.editOne", { name: n, language: lang(r.language) })}
                            onClick={() => edit(r)}
                          >
                            {t("saved.edit")}
                          </button>
                          <button
                            type="button"
                            disabled={busy}
                            aria-label={t("saved.deleteOne", { name: n, language: lang(r.language) })}
                            onClick={() =>
                              void run(() => forgetReply(client.id, n, r.language), t("saved.deleted", { name: n, language: lang(r.language) }))
                            }
                          >
                            {t("saved.delete")}
                          </button>
                        </span>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <form class="stack" onSubmit={(e) => void save(e)}>
        <h3>{t("saved.add")}</h3>
        <label>
          {t("saved.name")}
          <input
            ref={first}
            id="saved-name"
            type="text"
            required
            pattern="[a-z0-9][a-z0-9\-]{0,62}"
            value={name}
            aria-describedby="saved-name-hint"
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <p id="saved-name-hint" class="hint">
          {t("saved.name.hint")}
        </p>
        <label>
          {t("saved.language")}
          <select id="saved-language" value={language} onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value === "en" ? "en" : "fr")}>
            {replyLanguages.map((l) => (
              <option key={l} value={l}>
                {lang(l)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("saved.text")}
          <textarea id="saved-text" rows={3} required value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
        </label>
        {error && <ErrorNote>{error}</ErrorNote>}
        <button type="submit" disabled={busy}>
          {t("saved.save")}
        </button>
      </form>
    </section>
  );
}
