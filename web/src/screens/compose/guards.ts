// The guards' refusals, as the API lists them (with the CLI's messages):
// brand and private data can be accepted, as the CLI's --force and
// --confirm do; length and toxicity cannot.
import type { Finding } from "../../api/types";

export type Acceptable = "brand" | "private_data";

export function acceptable(fs: Finding[]): Acceptable[] {
  return fs.map((f) => f.guard).filter((g): g is Acceptable => g === "brand" || g === "private_data");
}
