// The threads' calls: the list under filters, one thread with its
// entries, an answer, and the team's work on it (assignment, status, tags,
// notes), each of which answers the thread as it now stands.
import { clientPath, get, newKey, request } from "../../api/client";
import type { Answer, InboxThread, ThreadDetail, ThreadStatus } from "../../api/types";
import type { Acceptable } from "../compose/guards";

export interface ThreadFilters {
  status: ThreadStatus;
  // assignee is a team member's name, or empty for everyone's.
  assignee: string;
  network: string;
}

// ThreadRef names a thread: its network and its id.
export interface ThreadRef {
  network: string;
  id: string;
}

// threadKey is a thread's name in the URL: "<network>:<id>".
export const threadKey = (r: ThreadRef) => `${r.network}:${r.id}`;

export function parseThreadKey(key: string): ThreadRef | null {
  const i = key.indexOf(":");
  return i > 0 && i < key.length - 1 ? { network: key.slice(0, i), id: key.slice(i + 1) } : null;
}

const threadPath = (client: string, r: ThreadRef, rest = "") =>
  clientPath(client, `/threads/${encodeURIComponent(r.network)}/${encodeURIComponent(r.id)}${rest}`);

export function listThreads(client: string, f: ThreadFilters): Promise<InboxThread[]> {
  const q = new URLSearchParams({ status: f.status, limit: "100" });
  if (f.assignee) q.set("assignee", f.assignee);
  if (f.network) q.set("network", f.network);
  return get<{ items: InboxThread[] }>(clientPath(client, `/threads?${q}`)).then((p) => p.items);
}

export function openThread(client: string, r: ThreadRef): Promise<ThreadDetail> {
  return get<ThreadDetail>(threadPath(client, r));
}

// ThreadAnswer is what a person sends: their words or a saved reply's
// name, in public or in private, leaving the thread pending or done.
export interface ThreadAnswer {
  text: string;
  saved: string;
  private: boolean;
  status: "pending" | "done";
}

export async function answerThread(client: string, r: ThreadRef, a: ThreadAnswer, accept: Acceptable[]): Promise<Answer> {
  const body: Record<string, unknown> = a.saved ? { saved: a.saved } : { text: a.text };
  if (a.private) body.private = true;
  if (a.status === "done") body.status = "done";
  if (accept.length) body.accept = accept;
  return (await request<Answer>("POST", threadPath(client, r, "/replies"), { body, idempotencyKey: newKey() })).data;
}

async function change(client: string, r: ThreadRef, method: "POST" | "PUT", what: string, body: unknown, once = false): Promise<ThreadDetail> {
  return (await request<ThreadDetail>(method, threadPath(client, r, what), { body, idempotencyKey: once ? newKey() : undefined })).data;
}

// assign gives the thread to a team member; an empty name unassigns it.
export const assign = (client: string, r: ThreadRef, to: string) => change(client, r, "POST", "/assign", { to });

export const setStatus = (client: string, r: ThreadRef, status: ThreadStatus) => change(client, r, "POST", "/status", { status });

export const setTags = (client: string, r: ThreadRef, tags: string[]) => change(client, r, "PUT", "/tags", { tags });

// addNote keeps a note on the thread for the team; it is never sent.
export const addNote = (client: string, r: ThreadRef, text: string) => change(client, r, "POST", "/notes", { text }, true);
