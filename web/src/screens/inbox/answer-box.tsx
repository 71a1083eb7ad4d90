// The answer box of a thread: in public, or in private where the network
// takes it (always for a private conversation; as a private reply to a
// comment on the networks that allow one), within the network's window,
// which it states; the person's words or a saved reply, which Relais
// fills in and sends in the thread's language; through the guards; and
// "send and close", which leaves the thread done.
import { useState } from "preact/hooks";
import type { SavedReply, ThreadDetail } from "../../api/types";
import { useSession } from "../../context";
import { dateTime, t } from "../../i18n";
import { networkInfo } from "../../networks";
import { useLoad } from "../../ui/load";
import { byName, listSavedReplies } from "../settings/saved-replies-api";
import { AnswerRefusal, useAnswerGuards } from "./answer-guards";
import { answerThread } from "./threads-api";

type Leaves = "pending" | "done";

// onAnswered follows an answer that went out; onFailed one that did not,
// whose outcome the thread may hold (an answer whose fate is unknown).
export function AnswerBox(props: { thread: ThreadDetail; now: number; onAnswered: (said: string) => Promise<void>; onFailed: () => Promise<void> }) {
  const { thread, now } = props;
  const { client } = useSession();
  const net = networkInfo(thread.network);
  const privateOnly = !!thread.private;
  const canPublic = !privateOnly && net.replies;
  const canPrivate = privateOnly ? net.messages : net.privateReplies;
  const [choice, setChoice] = useState<"public" | "private">(privateOnly ? "private" : "public");
  const [text, setText] = useState("");
  const [saved, setSaved] = useState("");
  const guards = useAnswerGuards();
  const replies = useLoad(() => listSavedReplies(client.id), [client.id]);

  if (!canPublic && !canPrivate) {
    return (
      <p class="muted answer-none">
        {privateOnly ? t("threads.noMessages", { network: net.label }) : t("inbox.noReply", { network: net.label })}
      </p>
    );
  }
  const closes = canPrivate && thread.windowClosesAt ? thread.windowClosesAt : "";
  const windowOpen = !closes || Date.parse(closes) > now;
  const inPrivate = privateOnly || (choice === "private" && canPrivate && windowOpen);
  const closed = privateOnly && !windowOpen;
  const name = thread.author.name || thread.author.id || "";

  const send = async (leaves: Leaves) => {
    const ok = await guards.send((accept) => answerThread(client.id, thread, { text, saved, private: inPrivate, status: leaves }, accept));
    if (ok) {
      setText("");
      setSaved("");
      await props.onAnswered(leaves === "done" ? t("threads.answeredClosed") : t("threads.answered"));
    } else await props.onFailed();
  };
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void send(e.submitter?.getAttribute("value") === "done" ? "done" : "pending");
  };
  const blocked = closed || guards.busy || (!saved && !text.trim());

  return (
    <form class="reply answer-box" aria-labelledby="answer-h" onSubmit={submit}>
      <h3 id="answer-h">{t("threads.answer")}</h3>
      {closes && (
        <p class={`window ${windowOpen ? "open" : "closed"}`} data-window={windowOpen ? "open" : "closed"}>
          {windowOpen
            ? t("threads.window.open", { when: dateTime(closes, client.timezone) })
            : privateOnly
              ? t("threads.window.closedConversation", { when: dateTime(closes, client.timezone), network: net.label })
              : t("threads.window.closedReply", { when: dateTime(closes, client.timezone) })}
        </p>
      )}
      {privateOnly ? (
        <p class="hint">{t("threads.privateOnly", { name })}</p>
      ) : (
        canPrivate && (
          <fieldset class="switch">
            <legend>{t("threads.how")}</legend>
            <label>
              <input type="radio" name="answer-how" value="public" checked={!inPrivate} onChange={() => setChoice("public")} /> {t("threads.how.public")}
            </label>
            <label>
              <input type="radio" name="answer-how" value="private" checked={inPrivate} disabled={!windowOpen} onChange={() => setChoice("private")} />{" "}
              {t("threads.how.private", { name })}
            </label>
          </fieldset>
        )
      )}
      <SavedPicker replies={replies.data ?? []} saved={saved} onPick={setSaved} language={thread.language || client.locale} disabled={closed} />
      {!saved && (
        <>
          <label for="answer-text">{inPrivate ? t("threads.text.private") : t("threads.text.public")}</label>
          <textarea
            id="answer-text"
            rows={3}
            disabled={closed}
            value={text}
            onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </>
      )}
      <AnswerRefusal guards={guards} />
      <div class="actions">
        <button type="submit" class="primary" value="pending" disabled={blocked}>
          {inPrivate ? t("threads.send.private") : t("threads.send.public")}
        </button>
        <button type="submit" value="done" disabled={blocked}>
          {t("threads.sendClose")}
        </button>
      </div>
    </form>
  );
}

// SavedPicker chooses a saved reply by name; the answer then sends its
// name, and Relais picks the language and fills in the variables. The
// text shown is the one in the thread's language, as written.
function SavedPicker(props: { replies: SavedReply[]; saved: string; onPick: (name: string) => void; language: string; disabled: boolean }) {
  const groups = byName(props.replies);
  if (groups.length === 0) return null;
  const chosen = groups.find(([n]) => n === props.saved)?.[1] ?? [];
  const shown = chosen.find((r) => r.language === props.language) ?? chosen[0];
  return (
    <div class="saved-picker">
      <label>
        {t("threads.saved")}
        <select id="answer-saved" value={props.saved} disabled={props.disabled} onChange={(e) => props.onPick((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">{t("threads.saved.none")}</option>
          {groups.map(([n, rs]) => (
            <option key={n} value={n}>
              {n} ({rs.map((r) => r.language).join(", ")})
            </option>
          ))}
        </select>
      </label>
      {shown && (
        <>
          <blockquote class="saved-text post-text">{shown.text}</blockquote>
          <p class="hint">{t("threads.saved.hint")}</p>
        </>
      )}
    </div>
  );
}
