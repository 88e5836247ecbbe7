/**
 * Moves a built wallet site under its prefix (`/wallets/<slug>/`). Pages, components and src/lib write same-site
 * links root-relative (`/transfers/12/`); a wallet site built for a prefix must point them into its own folder.
 * Astro already prefixes what it emits itself (scripts, stylesheets) with the build's `base`.
 *
 * Only attribute values are touched, and only outside `<script>` and `<style>` elements: the page's content security
 * policy hashes those elements' text, so they must stay byte for byte. Attribute values in Astro's output are always
 * in double quotes, and text (on-chain descriptions included) is escaped, so a quote can only end an attribute.
 */

/** Attributes whose value is a URL the browser fetches or navigates to. */
const URL_ATTRIBUTE = /(\s(?:href|src|action|poster|data-pagefind-url)=")(\/(?!\/)[^"]*)(")/g;
/** `srcset` holds several URLs, each followed by an optional descriptor, separated by commas. */
const SRCSET_ATTRIBUTE = /(\ssrcset=")([^"]*)(")/g;
/** Raw-text elements whose content must not change. */
const RAW_TEXT = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
/** A link the rebasing must leave alone: the wallet switcher's links already point at each wallet's own site. */
const SITE_ROOT_MARK = /\sdata-site-root(?:="[^"]*")?(?=[\s>/])/;

export interface RebaseOptions {
  /** The site's prefix, with slashes at both ends (`/wallets/0x4c0de5e0…/`). */
  prefix: string;
  /**
   * Root paths that exist only once, in the main site, and stay there: e.g. `/manifest.sha256` (one manifest for
   * the whole site) or `/reports/` (the program's reports). A path matches an entry equal to it or under it.
   */
  keepAtRoot?: readonly string[];
}

function rebaseUrl(url: string, options: RebaseOptions): string {
  if (url.startsWith(options.prefix)) return url;
  const pathOnly = url.replace(/[?#].*$/, "");
  const kept = (options.keepAtRoot ?? []).some((root) =>
    root.endsWith("/") ? pathOnly.startsWith(root) : pathOnly === root,
  );
  return kept ? url : `${options.prefix}${url.slice(1)}`;
}

function rebaseTag(tag: string, options: RebaseOptions): string {
  if (SITE_ROOT_MARK.test(tag)) return tag;
  return tag
    .replace(URL_ATTRIBUTE, (_all, start: string, url: string, end: string) => start + rebaseUrl(url, options) + end)
    .replace(SRCSET_ATTRIBUTE, (_all, start: string, list: string, end: string) => {
      const rebased = list
        .split(",")
        .map((candidate) =>
          candidate.replace(/^(\s*)(\/(?!\/)\S*)/, (_m, space: string, url: string) => space + rebaseUrl(url, options)),
        )
        .join(",");
      return start + rebased + end;
    });
}

/** Rewrites every same-site root-relative URL in the tags of `html` to live under `options.prefix`. */
export function rebaseHtmlLinks(html: string, options: RebaseOptions): string {
  if (!/^\/(?:[^/].*\/)?$/.test(options.prefix)) throw new RangeError(`not a site prefix: ${options.prefix}`);
  const out: string[] = [];
  let last = 0;
  const rewriteTags = (markup: string) => markup.replace(/<[a-zA-Z][^>]*>/g, (tag) => rebaseTag(tag, options));
  for (const match of html.matchAll(RAW_TEXT)) {
    const start = match.index;
    const openEnd = html.indexOf(">", start) + 1;
    out.push(rewriteTags(html.slice(last, openEnd)));
    out.push(html.slice(openEnd, start + match[0].length));
    last = start + match[0].length;
  }
  out.push(rewriteTags(html.slice(last)));
  return out.join("");
}
