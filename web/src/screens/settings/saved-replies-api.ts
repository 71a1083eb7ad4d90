// The client's saved replies: listed for the settings and the answer
// box's picker, kept and forgotten one language at a time.
import { clientPath, get, request } from "../../api/client";
import type { SavedReply } from "../../api/types";

export type ReplyLanguage = SavedReply["language"];

export const replyLanguages: ReplyLanguage[] = ["fr", "en"];

export function listSavedReplies(client: string): Promise<SavedReply[]> {
  return get<{ items: SavedReply[] }>(clientPath(client, "/saved-replies")).then((p) => p.items);
}

const replyPath = (client: string, name: string, language: ReplyLanguage) =>
  clientPath(client, `/saved-replies/${encodeURIComponent(name)}/${encodeURIComponent(language)}`);

export async function saveReply(client: string, name: string, language: ReplyLanguage, text: string): Promise<SavedReply> {
  return (await request<SavedReply>("PUT", replyPath(client, name, language), { body: { text } })).data;
}

export async function forgetReply(client: string, name: string, language: ReplyLanguage): Promise<void> {
  await request("DELETE", replyPath(client, name, language));
}

// byName groups the replies by name, in name order, each with its
// languages in the order of replyLanguages.
export function byName(replies: SavedReply[]): [string, SavedReply[]][] {
  const groups = new Map<string, SavedReply[]>();
  for (const r of replies) groups.set(r.name, [...(groups.get(r.name) ?? []), r]);
  return [...groups.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([name, rs]) => [name, rs.sort((a, b) => replyLanguages.indexOf(a.language) - replyLanguages.indexOf(b.language))]);
}
