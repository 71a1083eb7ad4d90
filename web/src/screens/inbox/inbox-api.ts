// The inbox's calls: the entries under filters, a person's decision, and
// a public reply where the API offers one.
import { clientPath, get, newKey, request } from "../../api/client";
import type { Decision, InboxEntry } from "../../api/types";

export interface Filters {
  network: string;
  state: string;
  label: string;
}

export function listInbox(client: string, f: Filters): Promise<InboxEntry[]> {
  const q = new URLSearchParams({ limit: "200" });
  if (f.network) q.set("network", f.network);
  if (f.state) q.set("state", f.state);
  return get<{ items: InboxEntry[] }>(clientPath(client, `/inbox?${q}`)).then((p) =>
    p.items.filter((e) => !f.label || (e.labels ?? []).includes(f.label)),
  );
}

export type Override = "hide" | "unhide" | "allow";

export async function decide(client: string, e: InboxEntry, action: Override): Promise<Decision> {
  const a = await request<Decision>(
    "POST",
    clientPath(client, `/inbox/${encodeURIComponent(e.network)}/${encodeURIComponent(e.id)}/decision`),
    { body: { action } },
  );
  return a.data;
}

const replyPath = "/api/clients/{client}/inbox/{network}/{interaction}/reply";
let replies: Promise<boolean> | null = null;

// repliesServed reads the API's own document once: the reply box shows
// only where the API serves replies.
export function repliesServed(): Promise<boolean> {
  replies ??= get<{ paths: Record<string, unknown> }>("/api/openapi.json")
    .then((d) => replyPath in d.paths)
    .catch(() => false);
  return replies;
}

export async function reply(client: string, e: InboxEntry, text: string, confirm: boolean): Promise<void> {
  await request(
    "POST",
    clientPath(client, `/inbox/${encodeURIComponent(e.network)}/${encodeURIComponent(e.id)}/reply`),
    { body: { text, confirm }, idempotencyKey: newKey() },
  );
}
