// The console's URLs, kept in the browser's history: the path names the
// client and the screen, the query the screen's state (filters, the
// selected item, the calendar's view), so a link can be shared.
import { useEffect, useState } from "preact/hooks";

export interface Route {
  path: string;
  query: URLSearchParams;
}

const listeners = new Set<() => void>();

function current(): Route {
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

export function navigate(url: string, o: { replace?: boolean } = {}): void {
  if (url === location.pathname + location.search) return;
  if (o.replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  listeners.forEach((f) => f());
}

// setQuery changes some of the query's parameters (empty ones go), in
// place: filters do not add a history entry per change.
export function setQuery(changes: Record<string, string | null>, o: { replace?: boolean } = { replace: true }): void {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v) q.set(k, v);
    else q.delete(k);
  }
  const s = q.toString();
  navigate(location.pathname + (s ? `?${s}` : ""), o);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    listeners.add(update);
    addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      removeEventListener("popstate", update);
    };
  }, []);
  return route;
}

// follow is an anchor's click handler that stays in the app, unless the
// person asked for a new tab or window.
export function follow(e: MouseEvent): void {
  const a = e.currentTarget as HTMLAnchorElement;
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  if (a.target || a.origin !== location.origin) return;
  e.preventDefault();
  navigate(a.pathname + a.search);
}

export const screenPath = (client: string, screen: string, rest = "") =>
  `/c/${encodeURIComponent(client)}/${screen}${rest}`;
