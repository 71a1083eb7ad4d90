// What every screen of a client knows: who is signed in, the client, and
// how to read the client again after a change (pause, branding).
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Client, Me } from "./api/types";

export interface Session {
  me: Me;
  client: Client;
  clients: Client[];
  reloadClient: () => Promise<void>;
  // announce says something to screen readers and on screen, briefly.
  announce: (text: string) => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside a client's screen");
  return s;
}

export const managing = (me: Me) => me.role === "admin" || me.role === "manager";
export const reviewing = (me: Me) => me.role === "admin" || me.role === "reviewer";
