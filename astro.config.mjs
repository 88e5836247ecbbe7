// @ts-check
import { readFileSync } from "node:fs";
import sitemap from "@astrojs/sitemap";
import { defineConfig } from "astro/config";
import { parse } from "yaml";
import { pagefindIndex } from "./src/integrations/pagefind.ts";

// The public address comes from the program configuration (validated with the rest of it by the content layer).
const contentDir = process.env.LEDGERLIGHT_CONTENT_DIR ?? "content";
const program = parse(readFileSync(`${contentDir}/program.yaml`, "utf8"));

// The site is fully static and built only from committed files. Keep the output byte-stable: no build clock, no
// random ids.
export default defineConfig({
  output: "static",
  site: program.siteUrl,
  integrations: [sitemap(), pagefindIndex()],
  trailingSlash: "always",
  build: { format: "directory" },
  devToolbar: { enabled: false },
  // Scripts are always separate files, never inlined into the page (Astro inlines small ones by default), so every
  // page's markup stays script-free except for one external module tag where a page asks for a script. Other
  // assets keep Vite's default limit (return undefined).
  vite: { build: { assetsInlineLimit: (file) => (file.endsWith(".js") ? false : undefined) } },
  // A content security policy in every page: Astro hashes its own inline styles and scripts, so nothing else,
  // and nothing injected through on-chain text, can run. No 'unsafe-inline'.
  security: {
    csp: {
      algorithm: "SHA-256",
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
      ],
    },
  },
});
