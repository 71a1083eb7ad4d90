// The API client: every call to /api/ goes through request(), which adds
// the bearer token and turns a problem+json answer into an ApiError whose
// sentence can be shown as it is.
import { t } from "../i18n";
import { bearer, sessionEnded } from "../auth/session";
import type { Finding, Problem } from "./types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly title: string,
    // guards are the findings of refused content (posts, replies).
    readonly guards: Finding[] = [],
  ) {
    super(detail || title);
  }

  // sentence is what the person reads: what went wrong, then the API's own
  // words when it gave some.
  get sentence(): string {
    const lead = statusSentence(this.status);
    return this.detail ? `${lead} ${capital(this.detail)}${/[.!?]$/.test(this.detail) ? "" : "."}` : lead;
  }
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function statusSentence(status: number): string {
  switch (status) {
    case 0:
      return t("error.network");
    case 400:
    case 422:
      return t("error.invalid");
    case 401:
      return t("error.unauthorized");
    case 403:
      return t("error.forbidden");
    case 404:
      return t("error.notFound");
    case 409:
      return t("error.conflict");
    case 412:
    case 428:
      return t("error.stale");
    case 413:
      return t("error.tooLarge");
    case 429:
      return t("error.rateLimited");
  }
  return status >= 500 ? t("error.server") : t("error.unknown", { status });
}

// message reads any error as a sentence.
export function message(err: unknown): string {
  if (err instanceof ApiError) return err.sentence;
  return t("error.unexpected");
}

export interface Answer<T> {
  data: T;
  etag: string | null;
  response: Response;
}

export interface Options {
  body?: unknown;
  // raw sends a string body with its own content type (the rules file).
  raw?: { text: string; type: string };
  ifMatch?: string | number;
  idempotencyKey?: string;
  signal?: AbortSignal;
  // as says how to read the answer: JSON (the default), text or a blob.
  as?: "json" | "text" | "blob";
}

export async function request<T>(method: string, path: string, o: Options = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: "application/json, application/problem+json" };
  const token = bearer();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (o.raw) {
    headers["Content-Type"] = o.raw.type;
    body = o.raw.text;
  } else if (o.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(o.body);
  }
  if (o.ifMatch !== undefined) headers["If-Match"] = typeof o.ifMatch === "number" ? `"${o.ifMatch}"` : o.ifMatch;
  if (o.idempotencyKey) headers["Idempotency-Key"] = o.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, signal: o.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, "", "");
  }
  if (!res.ok) throw await problem(res);
  let data: unknown;
  if (res.status === 204) data = undefined;
  else if (o.as === "text") data = await res.text();
  else if (o.as === "blob") data = await res.blob();
  else data = await res.json();
  return { data: data as T, etag: res.headers.get("ETag"), response: res };
}

async function problem(res: Response): Promise<ApiError> {
  let p: Problem = {};
  if ((res.headers.get("Content-Type") ?? "").includes("json")) {
    try {
      p = (await res.json()) as Problem;
    } catch {
      p = {};
    }
  }
  if (res.status === 401) sessionEnded();
  return new ApiError(res.status, p.detail ?? "", p.title ?? res.statusText, p.guards ?? []);
}

export const get = <T>(path: string, o?: Options) => request<T>("GET", path, o).then((a) => a.data);

export function newKey(): string {
  return crypto.randomUUID();
}

// pages reads every page of a list, up to max items; a page that brings
// nothing new ends it, whatever its cursor says.
export async function pages<T>(path: string, max = 1000): Promise<T[]> {
  const out: T[] = [];
  const seen = new Set<string>();
  let cursor = "";
  const sep = path.includes("?") ? "&" : "?";
  for (;;) {
    const page = await get<{ items: T[]; next?: string }>(
      `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    out.push(...page.items);
    cursor = page.next ?? "";
    if (!cursor || seen.has(cursor) || page.items.length === 0 || out.length >= max) return out;
    seen.add(cursor);
  }
}

export const clientPath = (client: string, rest = "") => `/api/clients/${encodeURIComponent(client)}${rest}`;
