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
  // serviceTargets say how soon threads are answered, as people write
  // them: "complaint 1h mon-fri 09:00-18:00".
  serviceTargets?: string[];
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

export type AnswerState = "sending" | "sent" | "unknown";

export interface Answer {
  id: string;
  text: string;
  by: string;
  state: AnswerState;
  networkId?: string;
  at: string;
  // private answers went to the author alone.
  private?: boolean;
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

export type ThreadStatus = "open" | "pending" | "done";

export const threadStatuses: ThreadStatus[] = ["open", "pending", "done"];

// InboxThread is a customer's conversation with the team, as the inbox
// works it: a comment with its replies, or a private conversation.
export interface InboxThread {
  clientId: string;
  network: string;
  id: string;
  accountId: string;
  // private: a conversation, answered in private only.
  private?: boolean;
  postId?: string;
  author: { id?: string; name?: string };
  // lastInteractionId is the customer's latest message, which an answer
  // goes to.
  lastInteractionId: string;
  snippet: string;
  status: ThreadStatus;
  assignee?: string;
  tags?: string[];
  needsAnswer?: boolean;
  awaitingSince?: string;
  // dueAt is when the client's service target says it must be answered.
  dueAt?: string;
  target?: string;
  lastInboundAt: string;
  // windowClosesAt is when a private answer stops being possible.
  windowClosesAt?: string;
  firstResponseAt?: string;
  updatedAt: string;
  language?: string;
}

// ThreadEntry is one line of a thread: the customer's message, the team's
// answer, or a note the team keeps (never sent).
export interface ThreadEntry {
  kind: "message" | "answer" | "note";
  at: string;
  id: string;
  text: string;
  author?: { id?: string; name?: string };
  by?: string;
  private?: boolean;
  state?: AnswerState;
  networkId?: string;
  action?: "allow" | "review" | "hide" | "delete";
}

export interface ThreadDetail extends InboxThread {
  entries: ThreadEntry[];
}

// SavedReply is a client's ready answer in one language; Relais fills in
// {first_name} and {brand} when it sends it.
export interface SavedReply {
  clientId: string;
  name: string;
  language: "fr" | "en";
  text: string;
  by?: string;
  updatedAt: string;
}
