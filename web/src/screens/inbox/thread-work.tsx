// The team's work on a thread: who has it (the person signed in, a name,
// or nobody), its status (done, or open again) and its tags.
import { useEffect, useState } from "preact/hooks";
import { message } from "../../api/client";
import type { ThreadDetail } from "../../api/types";
import { useSession } from "../../context";
import { t } from "../../i18n";
import { ErrorNote } from "../../ui/status";
import { assign, setStatus, setTags } from "./threads-api";

type Changed = (d: ThreadDetail, said: string) => Promise<void>;

export function ThreadWork({ thread, onChanged }: { thread: ThreadDetail; onChanged: Changed }) {
  const { client, me } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [to, setTo] = useState("");
  const [tags, setTagText] = useState((thread.tags ?? []).join(", "));
  useEffect(() => setTagText((thread.tags ?? []).join(", ")), [(thread.tags ?? []).join(",")]);

  const run = async (f: () => Promise<ThreadDetail>, said: (d: ThreadDetail) => string) => {
    setBusy(true);
    setError(null);
    try {
      const d = await f();
      await onChanged(d, said(d));
      return true;
    } catch (err) {
      setError(message(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const assignTo = (name: string) =>
    run(
      () => assign(client.id, thread, name),
      (d) => (d.assignee ? t("threads.assigned", { name: d.assignee }) : t("threads.unassignedNow")),
    );
  const assignee = thread.assignee ?? "";
  const done = thread.status === "done";

  return (
    <div class="thread-work">
      <fieldset>
        <legend>{t("threads.assignee")}</legend>
        <p data-assignee={assignee}>
          {assignee
            ? assignee === me.name
              ? t("threads.assignedToYou", { name: me.name })
              : t("threads.assignedTo", { name: assignee })
            : t("threads.nobody")}
        </p>
        <div class="actions">
          {assignee !== me.name && (
            <button type="button" disabled={busy} onClick={() => void assignTo(me.name)}>
              {t("threads.assignMe")}
            </button>
          )}
          {assignee && (
            <button type="button" disabled={busy} onClick={() => void assignTo("")}>
              {t("threads.unassign")}
            </button>
          )}
        </div>
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void assignTo(to.trim()).then((ok) => ok && setTo(""));
          }}
        >
          <label>
            {t("threads.assignName")}
            <input type="text" required value={to} onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <button type="submit" disabled={busy || !to.trim()}>
            {t("threads.assign")}
          </button>
        </form>
      </fieldset>
      <div class="actions">
        {done ? (
          <button type="button" disabled={busy} onClick={() => void run(() => setStatus(client.id, thread, "open"), () => t("threads.reopened"))}>
            {t("threads.reopen")}
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={() => void run(() => setStatus(client.id, thread, "done"), () => t("threads.closed"))}>
            {t("threads.markDone")}
          </button>
        )}
      </div>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => setTags(client.id, thread, splitTags(tags)), () => t("threads.tagged"));
        }}
      >
        <label>
          {t("threads.tags")}
          <input type="text" value={tags} aria-describedby="tags-hint" onInput={(e) => setTagText((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit" disabled={busy}>
          {t("threads.saveTags")}
        </button>
        <span id="tags-hint" class="hint">
          {t("threads.tags.hint")}
        </span>
      </form>
      {error && <ErrorNote>{error}</ErrorNote>}
    </div>
  );
}

// splitTags reads "a, b,c" as three tags, without blanks or repeats.
export function splitTags(s: string): string[] {
  return [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))];
}
