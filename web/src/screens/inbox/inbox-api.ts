// The inbox's calls: the entries under filters, a person's decision, and
// a public reply.
import { clientPath, get, newKey, request } from "../../api/client";
import type { Answer, Decision, InboxEntry, Thread } from "../../api/types";
import type { Acceptable } from "../compose/guards";

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

// thread opens one interaction: its decision with scores and reasons,
// and the answers sent from Relais.
export function thread(client: string, network: string, id: string): Promise<Thread> {
  return get<Thread>(clientPath(client, `/inbox/${encodeURIComponent(network)}/${encodeURIComponent(id)}`));
}

export async function reply(client: string, e: InboxEntry, text: string, accept: Acceptable[]): Promise<Answer> {
  const a = await request<Answer>(
    "POST",
    clientPath(client, `/inbox/${encodeURIComponent(e.network)}/${encodeURIComponent(e.id)}/replies`),
    { body: accept.length ? { text, accept } : { text }, idempotencyKey: newKey() },
  );
  return a.data;
}
