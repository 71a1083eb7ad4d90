// When a thread must be answered, by the client's service target: past
// due or due within 15 minutes stands out, in colour and in words.
import { dateTime, t } from "../../i18n";

// soon is how close a due time stands out.
const soon = 15 * 60 * 1000;

export type Urgency = "late" | "soon" | "later";

export function urgency(dueAt: string, now: number): Urgency {
  const left = Date.parse(dueAt) - now;
  return left < 0 ? "late" : left <= soon ? "soon" : "later";
}

export function Due({ dueAt, zone, now }: { dueAt: string; zone: string; now: number }) {
  const u = urgency(dueAt, now);
  const when = dateTime(dueAt, zone);
  return (
    <span class={`due due-${u}`} data-due={u}>
      {u === "late" ? t("threads.due.late", { when }) : u === "soon" ? t("threads.due.soon", { when }) : t("threads.due", { when })}
    </span>
  );
}
