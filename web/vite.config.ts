import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

// The local stack that `relais dev` runs: the dev server and the preview
// proxy the API, the sign-in issuer and the sandbox to it, so that the
// console calls them on its own origin, as when relais dev serves it.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const stack = env.RELAIS_DEV_URL ?? "http://127.0.0.1:8787";
const proxy = { "/api": stack, "/oidc": stack, "/sandbox": stack };

export default defineConfig({
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    outDir: "dist/app",
    emptyOutDir: true,
    target: "es2022",
  },
  server: { proxy },
  preview: { proxy },
});
