// @ts-check
import sitemap from "@astrojs/sitemap";
import { defineConfig } from "astro/config";
import { readBuildEnv } from "./src/config/build-env.ts";
import { loadProgramConfig, programConfigPath } from "./src/config/program.ts";
import { programWalletSites, selectWalletSite } from "./src/config/wallet-view.ts";
import { astroBundleLock } from "./src/integrations/astro-bundle-lock.ts";
import { distManifest } from "./src/integrations/dist-manifest.ts";
import { searchIndex } from "./src/integrations/search-step.ts";
import { stopEsbuildBeforePages } from "./src/integrations/stop-esbuild.ts";
import { walletLinks } from "./src/integrations/wallet-links.ts";

// The public address and the wallets come from the program configuration, read and validated through the same
// door as the site and the CLIs (src/config/), so a bad file stops the build here, naming the file and the key.
const buildEnv = readBuildEnv();
const programFile = programConfigPath(buildEnv.contentDir);
const program = await loadProgramConfig(programFile);

// LEDGERLIGHT_WALLET builds another wallet's site, published under its own prefix (see src/lib/build/wallet-sites.ts).
// An address that is not a wallet of the program stops the build, naming it.
const site = selectWalletSite(programWalletSites(program), buildEnv.wallet, programFile);
const walletSite = site.isMain ? undefined : site;

// The site is fully static and built only from committed files. Keep the output byte-stable: no build clock, no
// random ids.
export default defineConfig({
  output: "static",
  site: program.siteUrl,
  ...(walletSite ? { base: walletSite.prefix } : {}),
  // astroBundleLock() comes first: a build waits for any other build of this project before anything else sets up
  // (src/integrations/astro-bundle-lock.ts). distManifest() must stay last: it hashes what the others wrote to dist/
  // (Astro runs them in this order).
  integrations: [
    astroBundleLock(),
    ...(walletSite ? [walletLinks(walletSite.prefix)] : []),
    sitemap(),
    searchIndex(),
    distManifest(),
  ],
  trailingSlash: "always",
  build: { format: "directory" },
  devToolbar: { enabled: false },
  vite: {
    // Scripts are always separate files, never inlined into the page (Astro inlines small ones by default), so every
    // page's markup stays script-free except for one external module tag where a page asks for a script. Other
    // assets keep Vite's default limit (return undefined).
    build: { assetsInlineLimit: (file) => (file.endsWith(".js") ? false : undefined) },
    plugins: [
      // esbuild's idle service process is not kept beside the render (src/integrations/stop-esbuild.ts).
      stopEsbuildBeforePages(),
      {
        // Chart.js declares its scale classes with static fields that read other modules' properties. By default
        // the bundler must assume such a read has effects, so it keeps every scale (logarithmic, radial, time),
        // registered or not. The browser code (src/browser/) reads no getters with effects, so let unused code go
        // there (6 kB gzipped off the chart script); the build-time bundles keep the default.
        name: "ledgerlight:client-tree-shaking",
        configEnvironment(name) {
          if (name === "client")
            return { build: { rolldownOptions: { treeshake: { propertyReadSideEffects: false } } } };
          return undefined;
        },
      },
    ],
  },
  // No security.csp: every page carries a constant policy written by BaseLayout (src/lib/views/content-security-policy.ts).
  // Our pages have nothing inline, so Astro's per-page hashing of head elements bought nothing and cost CPU.
});
