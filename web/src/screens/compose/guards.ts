// The guards' refusals as the API words them (the CLI's messages): "refused:
// first; second". Brand and private data can be accepted, as the CLI's
// --force and --confirm do; length and toxicity cannot.
export type Acceptable = "brand" | "private_data";

export interface Refusal {
  messages: string[];
  acceptable: Acceptable[];
}

export function readRefusal(detail: string): Refusal | null {
  const body = detail.replace(/^refused:\s*/, "");
  if (body === detail) return null;
  const messages = body.split("; ").filter(Boolean);
  const acceptable: Acceptable[] = [];
  if (messages.some((m) => m.includes("--force"))) acceptable.push("brand");
  if (messages.some((m) => m.includes("--confirm"))) acceptable.push("private_data");
  return { messages, acceptable };
}
