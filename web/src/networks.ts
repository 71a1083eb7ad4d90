// Each network's limits, as internal/relais/limits.go declares them, and
// its private answers, as internal/relais/message.go's windows allow them
// (a Go test in tests/console checks networks.json against both), and
// where a published post can be seen.
import table from "./networks.json";

export type Network = keyof typeof table;

export interface NetworkInfo {
  label: string;
  maxText: number;
  requiresImage: boolean;
  // replies: Relais answers comments there (networks.Repliers).
  replies: boolean;
  // messages: Relais answers private conversations there.
  messages: boolean;
  // privateReplies: a public comment may be answered in private there.
  privateReplies: boolean;
  // counting: how the network counts a text, as relais.Length does.
  counting: Counting;
}

export type Counting = "codepoints" | "x" | "links23" | "emojibytes";

export const networks = table as Record<Network, NetworkInfo>;

export function networkInfo(n: string): NetworkInfo {
  return (
    (networks as Record<string, NetworkInfo>)[n] ?? { label: n, maxText: 0, requiresImage: false, replies: false, messages: false, privateReplies: false, counting: "codepoints" }
  );
}

// splitAccount reads "<network>:<account id>".
export function splitAccount(ref: string): { network: string; id: string } {
  const i = ref.indexOf(":");
  return i < 0 ? { network: ref, id: "" } : { network: ref.slice(0, i), id: ref.slice(i + 1) };
}

// composed is the text a network receives: the text, then the link after a
// blank line, as relais.Content.Compose makes it.
export function composed(text: string, link: string): string {
  return link ? `${text}\n\n${link}` : text;
}

// length counts a text as network n does, as the guards do
// (relais.Length): Unicode code points, with X's and Mastodon's links as
// 23, and on X, characters beyond Latin and general punctuation (CJK,
// emoji) twice.
export function length(s: string, n?: string): number {
  const counting = n ? networkInfo(n).counting : "codepoints";
  if (counting === "codepoints") return [...s].length;
  if (counting === "emojibytes") return [...s].reduce((n, ch) => n + (emojiLike.test(ch) ? utf8.encode(ch).length : 1), 0);
  const weight = counting === "x" ? xWeight : () => 1;
  let total = 0;
  // Spaces as Go's \s reads them, so that both count alike.
  for (const part of s.split(/(https?:\/\/[^ \t\n\f\r]+)/)) {
    if (/^https?:\/\/[^ \t\n\f\r]+$/.test(part)) total += linkLength;
    else for (const ch of part) total += weight(ch.codePointAt(0) ?? 0);
  }
  return total;
}

// emojiLike are the characters Threads counts as their UTF-8 bytes, as
// relais.CountEmojiBytes reads them: symbols, format characters, private
// use, variation selectors and the combining keycap.
const emojiLike = /^[\p{So}\p{Sk}\p{Cf}\p{Co}\u180B-\u180D\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u20E3]$/u;
const utf8 = new TextEncoder();

// linkLength is what X and Mastodon count a link as.
const linkLength = 23;

// xSingle are the code point ranges X counts once.
const xSingle: [number, number][] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

function xWeight(cp: number): number {
  return xSingle.some(([a, b]) => cp >= a && cp <= b) ? 1 : 2;
}

// permalink is where a published post can be seen, when the network's ids
// make one; null otherwise (the post's network id is then shown).
export function permalink(account: string, postId: string): string | null {
  const { network, id } = splitAccount(account);
  switch (network) {
    case "sandbox":
      return "/sandbox/posts";
    case "facebook":
      return `https://www.facebook.com/${encodeURIComponent(postId)}`;
    case "x":
      return `https://x.com/i/status/${encodeURIComponent(postId)}`;
    case "linkedin":
      return `https://www.linkedin.com/feed/update/${encodeURIComponent(postId)}`;
    case "bluesky": {
      const m = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/]+)$/.exec(postId);
      return m ? `https://bsky.app/profile/${m[1]}/post/${m[2]}` : null;
    }
    case "mastodon": {
      const [user, host] = id.split("@");
      return user && host ? `https://${host}/@${user}/${encodeURIComponent(postId)}` : null;
    }
  }
  return null;
}
