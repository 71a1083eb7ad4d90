// The note box: a note the team keeps on the thread, which is never sent
// to the customer.
import { useState } from "preact/hooks";
import { message } from "../../api/client";
import type { ThreadDetail } from "../../api/types";
import { useSession } from "../../context";
import { t } from "../../i18n";
import { ErrorNote } from "../../ui/status";
import { addNote } from "./threads-api";

export function NoteForm({ thread, onNoted }: { thread: ThreadDetail; onNoted: (d: ThreadDetail, said: string) => Promise<void> }) {
  const { client } = useSession();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const d = await addNote(client.id, thread, text);
      setText("");
      await onNoted(d, t("threads.noted"));
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="note-form" onSubmit={(e) => void save(e)}>
      <label for="note-text">{t("threads.note")}</label>
      <p id="note-hint" class="hint">
        {t("threads.note.hint")}
      </p>
      <textarea
        id="note-text"
        rows={2}
        required
        aria-describedby="note-hint"
        value={text}
        onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
      />
      {error && <ErrorNote>{error}</ErrorNote>}
      <button type="submit" disabled={busy || !text.trim()}>
        {t("threads.note.add")}
      </button>
    </form>
  );
}
