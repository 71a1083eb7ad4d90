// The shapes the Relais API answers, as internal/api/openapi.json
// describes them.

export type Role = "admin" | "manager" | "reviewer";

export interface Me {
  sub: string;
  name: string;
  role: Role;
  clients: string[];
}

export interface Branding {
  name?: string;
  logo?: string;
  color?: string;
}

export interface Client {
  id: string;
  name: string;
  timezone: string;
  locale: string;
  brands: string[];
  approval: "none" | "required";
  approvers: string[];
  paused: boolean;
  branding: Branding;
  version: number;
}

export interface Account {
  network: string;
  id: string;
  connectedAt: string;
}

export type PostStatus =
  | "draft"
  | "pending_approval"
  | "scheduled"
  | "publishing"
  | "published"
  | "failed"
  | "needs_attention"
  | "cancelled"
  | "paused";

export const postStatuses: PostStatus[] = [
  "draft",
  "pending_approval",
  "scheduled",
  "publishing",
  "published",
  "failed",
  "needs_attention",
  "cancelled",
  "paused",
];

export interface MediaRef {
  id: string;
  alt?: string;
  url?: string;
}

export interface AuditEntry {
  at: string;
  by: string;
  from?: PostStatus;
  to: PostStatus;
  why?: string;
}

export interface Post {
  id: string;
  clientId: string;
  account: string;
  text: string;
  imageUrl?: string;
  link?: string;
  media?: MediaRef[];
  localTime: string;
  timezone: string;
  scheduledAt: string;
  status: PostStatus;
  networkPostId?: string;
  publishedAt?: string;
  failureReason?: string;
  approvedBy?: string;
  version: number;
  audit?: AuditEntry[];
}

export interface Page<T> {
  items: T[];
  next?: string;
}

export interface InboxEntry {
  clientId: string;
  network: string;
  accountId: string;
  id: string;
  parentId?: string;
  postId?: string;
  kind: string;
  author: { id: string; name?: string };
  text: string;
  createdAt: string;
  receivedAt: string;
  private?: boolean;
  removed?: boolean;
  action?: "allow" | "review" | "hide" | "delete";
  labels?: string[];
  applied: boolean;
  reasons?: string[];
}

export interface Decision {
  network: string;
  interactionId: string;
  action: string;
  applied: boolean;
}

export interface ReportRecord {
  clientId: string;
  period: { label: string; from: string; to: string };
  files: string[];
  empty: boolean;
  writtenAt: string;
}

// FileLinksAnswer is a report file's links: url opens it, download saves it.
export interface FileLinksAnswer {
  url: string;
  download: string;
  expires: string;
}

export interface ReviewLink {
  id: string;
  reviewer: string;
  expires: string;
  url?: string;
}

export interface Media {
  id: string;
  type: string;
  size: number;
  alt?: string;
  status: "pending" | "ready";
  url?: string;
  upload?: { method: string; url: string; headers: Record<string, string> };
  expires?: string;
}

export interface Held {
  held: number;
  resumed: number;
  stale: string[];
}

// Finding is one guard that stopped content: what the CLI prints.
export interface Finding {
  guard: "brand" | "private_data" | "limit" | "toxic";
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  guards?: Finding[];
}

export interface Answer {
  id: string;
  text: string;
  by: string;
  state: "sending" | "sent" | "unknown";
  networkId?: string;
  at: string;
}

// Thread is one interaction as the inbox opens it.
export interface Thread extends InboxEntry {
  decision: {
    action: string;
    applied: boolean;
    decidedAt: string;
    score: { categories: Record<string, number>; labels: string[]; sentiment: number; language: string; reasons: string[] };
  } | null;
  answers: Answer[];
}
