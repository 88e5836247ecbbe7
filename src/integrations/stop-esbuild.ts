import type { Plugin } from "vite";

/**
 * Stops esbuild's service process once the bundles are built, before Astro renders the pages. Astro runs esbuild's
 * `transform` on modules that read `import.meta.env` while it bundles; esbuild then keeps a service process (~16 MB
 * resident) alive until the build's process exits, idle through the whole render and counted in the build's memory.
 * Stopping it is what esbuild's API offers for this (`stop()`); a later call of esbuild would start a new one.
 *
 * A `buildApp` hook of order "post": Vite runs it after every environment is built, and before Astro's own
 * (its page generation, a plugin enforced "post", comes after the plugins of the configuration).
 */
export function stopEsbuildBeforePages(): Plugin {
  return {
    name: "ledgerlight:stop-esbuild",
    apply: "build",
    buildApp: {
      order: "post",
      async handler() {
        // The copy Astro and Vite use: the project's one esbuild (a dependency of both, not of ours).
        const esbuild = await import("esbuild");
        await esbuild.stop();
      },
    },
  };
}
