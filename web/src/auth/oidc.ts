// Sign-in by OpenID Connect, authorization code with PKCE: the issuer is
// Cognito's hosted UI in AWS, the local issuer under relais dev; both are
// found through GET /api/config and the issuer's discovery document.
import { keepIdToken } from "./session";

interface Config {
  issuer: string;
  clientId: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

const pendingKey = "relais.signIn";

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  tokenEndpoint: string;
  clientId: string;
}

export class SignInError extends Error {}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    throw new SignInError("unreachable");
  }
  if (!res.ok) throw new SignInError(`${url}: ${res.status}`);
  return (await res.json()) as T;
}

function base64url(bytes: Uint8Array): string {
  let s = "";
  bytes.forEach((b) => (s += String.fromCharCode(b)));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function random(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

// signIn sends the person to the issuer's sign-in page; they come back to
// the console's origin with a code.
export async function signIn(returnTo: string, loginHint?: string): Promise<void> {
  const config = await json<Config>("/api/config");
  const discovery = await json<Discovery>(`${config.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`);
  const verifier = random();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
  const pending: Pending = {
    state: random(),
    nonce: random(),
    verifier,
    returnTo,
    tokenEndpoint: discovery.token_endpoint,
    clientId: config.clientId,
  };
  sessionStorage.setItem(pendingKey, JSON.stringify(pending));
  const q = new URLSearchParams({
    response_type: "code",
    client_id: config.clientId,
    redirect_uri: redirectURI(),
    scope: "openid email profile",
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  if (loginHint) q.set("login_hint", loginHint);
  location.assign(`${discovery.authorization_endpoint}?${q}`);
}

function redirectURI(): string {
  return `${location.origin}/`;
}

// returning reports whether the URL is the issuer's answer.
export function returning(): boolean {
  const q = new URLSearchParams(location.search);
  return location.pathname === "/" && (q.has("code") || q.has("error")) && q.has("state");
}

// completeSignIn trades the code for the tokens and answers where the
// person was going.
export async function completeSignIn(): Promise<string> {
  const q = new URLSearchParams(location.search);
  const raw = sessionStorage.getItem(pendingKey);
  sessionStorage.removeItem(pendingKey);
  if (!raw) throw new SignInError("no sign-in under way");
  const pending = JSON.parse(raw) as Pending;
  if (q.get("state") !== pending.state) throw new SignInError("state mismatch");
  if (q.has("error")) throw new SignInError(q.get("error_description") ?? q.get("error") ?? "refused");
  const tokens = await json<{ id_token: string }>(pending.tokenEndpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: q.get("code") ?? "",
      redirect_uri: redirectURI(),
      client_id: pending.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const claims = JSON.parse(atob(tokens.id_token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))) as {
    nonce?: string;
  };
  if (claims.nonce !== undefined && claims.nonce !== pending.nonce) throw new SignInError("nonce mismatch");
  keepIdToken(tokens.id_token);
  return pending.returnTo || "/";
}
