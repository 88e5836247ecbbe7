// @ts-check
import { defineConfig } from "astro/config";

// The site is fully static and built only from committed files; `site` comes from content/program.yaml's siteUrl
// at a later stage (sitemap, feed). Keep the output byte-stable: no build clock, no random ids.
export default defineConfig({
  output: "static",
  trailingSlash: "always",
  build: { format: "directory" },
  devToolbar: { enabled: false },
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
