// @ts-check
import { defineConfig } from "astro/config";

// The site is fully static and built only from committed files; `site` comes from content/program.yaml's siteUrl
// at a later stage (sitemap, feed). Keep the output byte-stable: no build clock, no random ids.
export default defineConfig({
  output: "static",
  trailingSlash: "always",
  build: { format: "directory" },
  devToolbar: { enabled: false },
});
