// The signed-in session: the ID token kept in sessionStorage (or a
// reviewer's link token), and the news that it ended.
const idKey = "relais.idToken";
const reviewKey = "relais.reviewToken";

let ended: (() => void) | null = null;

export function bearer(): string | null {
  if (location.pathname === "/review") return sessionStorage.getItem(reviewKey);
  const token = sessionStorage.getItem(idKey);
  return token && !expired(token) ? token : null;
}

export function signedIn(): boolean {
  return bearer() !== null;
}

export function keepIdToken(token: string): void {
  sessionStorage.setItem(idKey, token);
}

export function keepReviewToken(token: string): void {
  sessionStorage.setItem(reviewKey, token);
}

export function signOut(): void {
  sessionStorage.removeItem(idKey);
}

// onSessionEnd is told when the API answers 401: the app then asks the
// person to sign in again.
export function onSessionEnd(f: () => void): void {
  ended = f;
}

export function sessionEnded(): void {
  if (location.pathname !== "/review") signOut();
  ended?.();
}

// expired reads the token's exp claim; the API still checks it.
function expired(jwt: string): boolean {
  try {
    const payload = JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: number };
    return typeof payload.exp === "number" && payload.exp * 1000 < Date.now();
  } catch {
    return true;
  }
}
