import { defineConfig, type Plugin } from "vite";
import preact from "@preact/preset-vite";

// The local stack that `relais dev` runs: the dev server and the preview
// proxy the API, the sign-in issuer and the sandbox to it, so that the
// console calls them on its own origin, as when relais dev serves it.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const stack = env.RELAIS_DEV_URL ?? "http://127.0.0.1:8787";
const proxy = { "/api": stack, "/oidc": stack, "/sandbox": stack };

// fullCalendarCSS moves the styles FullCalendar injects at run time (a
// <style> element, which the console's Content-Security-Policy,
// style-src 'self', refuses) into the console's own stylesheet.
function fullCalendarCSS(): Plugin {
  const sheets = new Map<string, string>();
  const prefix = "\0fullcalendar-css:";
  return {
    name: "relais-fullcalendar-css",
    enforce: "pre",
    resolveId: (id) => (id.startsWith("virtual:fullcalendar-css:") ? prefix + id.slice("virtual:fullcalendar-css:".length) : null),
    load: (id) => (id.startsWith(prefix) ? (sheets.get(id.slice(prefix.length)) ?? "") : null),
    transform(code, id) {
      const m = /@fullcalendar\/([a-z0-9]+)\/internal(?:-common)?\.js$/.exec(id);
      if (!m) return null;
      const decl = /var (css_\w+) = ("(?:[^"\\]|\\.)*");\s*injectStyles\(\1\);/.exec(code);
      if (!decl) return null;
      const name = `${m[1]}.css`;
      sheets.set(name, JSON.parse(decl[2]) as string);
      return { code: `import "virtual:fullcalendar-css:${name}";\n` + code.replace(decl[0], ""), map: null };
    },
  };
}

export default defineConfig({
  plugins: [fullCalendarCSS(), preact({ prerender: { enabled: false } })],
  build: {
    outDir: "dist/app",
    emptyOutDir: true,
    target: "es2022",
  },
  server: { proxy },
  preview: { proxy },
});
