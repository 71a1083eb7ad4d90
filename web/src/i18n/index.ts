// The console's language: French or English, from the person's choice,
// else the browser's; t() reads the dictionaries.
import { en, type Key } from "./en";
import { fr } from "./fr";

export type Lang = "en" | "fr";
export type { Key };

const dictionaries: Record<Lang, Record<Key, string>> = { en, fr };
const stored = "relais.lang";

function initial(): Lang {
  const chosen = localStorage.getItem(stored);
  if (chosen === "en" || chosen === "fr") return chosen;
  return navigator.language.toLowerCase().startsWith("fr") ? "fr" : "en";
}

let current: Lang = initial();
const listeners = new Set<() => void>();

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  current = l;
  localStorage.setItem(stored, l);
  document.documentElement.lang = l;
  listeners.forEach((f) => f());
}

export function onLang(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

// t translates a key, replacing {name} with vars' values.
export function t(key: Key, vars?: Record<string, string | number>): string {
  let s = dictionaries[current][key] ?? en[key];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

// dateTime shows an instant in a time zone, in the console's language.
export function dateTime(iso: string, zone?: string): string {
  return new Intl.DateTimeFormat(current, {
    dateStyle: "medium",
    timeStyle: "short",
    ...(zone ? { timeZone: zone } : {}),
  }).format(new Date(iso));
}

document.documentElement.lang = current;
