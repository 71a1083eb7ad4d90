// The calendar's reads and writes of posts.
import { clientPath, pages, request } from "../../api/client";
import type { Post, PostStatus } from "../../api/types";

export function listPosts(client: string): Promise<Post[]> {
  return pages<Post>(clientPath(client, "/posts"));
}

export async function reschedule(post: Post, at: string): Promise<Post> {
  const a = await request<Post>("POST", clientPath(post.clientId, `/posts/${encodeURIComponent(post.id)}/reschedule`), {
    body: { at },
    ifMatch: post.version,
  });
  return a.data;
}

export async function cancel(post: Post): Promise<Post> {
  const a = await request<Post>("POST", clientPath(post.clientId, `/posts/${encodeURIComponent(post.id)}/cancel`), {
    ifMatch: post.version,
  });
  return a.data;
}

// Reschedulable states, as the planner takes them (internal/posts
// Reschedule): a post waiting for approval, paused or under way does not
// move.
const movable: PostStatus[] = ["draft", "scheduled", "failed", "needs_attention"];
export const canReschedule = (p: Post) => movable.includes(p.status);
const cancellable: PostStatus[] = ["draft", "pending_approval", "scheduled", "paused", "failed", "needs_attention"];
export const canCancel = (p: Post) => cancellable.includes(p.status);
