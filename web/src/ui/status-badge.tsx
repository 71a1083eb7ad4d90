// A post's state, in its colour and in words: the colour is never the
// only sign.
import type { PostStatus } from "../api/types";
import { t, type Key } from "../i18n";

export function statusLabel(s: PostStatus): string {
  return t(`status.${s}` as Key);
}

export function StatusBadge({ status }: { status: PostStatus }) {
  return <span class={`badge status-${status}`}>{statusLabel(status)}</span>;
}
