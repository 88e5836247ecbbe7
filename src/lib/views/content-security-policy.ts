/**
 * The content security policy every page carries in a `<meta http-equiv>` tag, written by the layout. Our pages have
 * no inline scripts or styles (scripts are bundled modules from the site itself, styles one stylesheet), so the
 * policy is a constant: nothing inline may run or apply, whatever on-chain text a page shows, and no per-page
 * hashes are needed (Astro's own CSP feature hashed every page's head elements during the build for nothing).
 */
const BASE_DIRECTIVES = [
  "default-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "style-src 'self'",
] as const;

/**
 * The policy's text: directives separated by "; ", never 'unsafe-inline', 'unsafe-eval', 'unsafe-hashes' or
 * 'wasm-unsafe-eval' (the search page runs plain JavaScript over JSON files: no page compiles WebAssembly).
 */
export function contentSecurityPolicy(): string {
  return [...BASE_DIRECTIVES, "script-src 'self'"].join("; ");
}
