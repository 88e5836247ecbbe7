/**
 * What the site search indexes of a built page marked for search: the text of its `<main data-pagefind-body>`
 * (BaseLayout), and its title, the text of its first `<h1>`. Our own HTML, so a small scanner does: start and end
 * tags, comments, character references. Left out: `<script>`, `<style>`, `<svg>` and every element marked
 * `data-pagefind-ignore` (repeated chrome, a hex copy), with all they hold. Pure: text in, text out.
 */

export interface PageText {
  title: string;
  text: string;
}

/** Tags, comments and doctype; attribute values may hold `>` inside quotes. */
const MARKUP = /<!--[\s\S]*?-->|<!?(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const MARKED_MAIN = /<main\b(?:[^>"']|"[^"]*"|'[^']*')*\sdata-pagefind-body(?=[\s=/>])/;
const IGNORED_ATTRIBUTE = /\sdata-pagefind-ignore(?=[\s=/>]|$)/;
const IGNORED_ELEMENTS = new Set(["script", "style", "svg", "template", "noscript"]);
const VOID_ELEMENTS = new Set(
  "area base br col embed hr img input link meta param source track wbr".split(" ").map((name) => name),
);
/** Elements inside a line of text: no word break at their tags. */
const INLINE_ELEMENTS = new Set(
  "a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup time u var".split(" "),
);

/** The named character references our pages use (Astro's escapes and the templates' own); others stay as written. */
const NAMED_REFERENCES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  hellip: "…",
  ndash: "–",
  mdash: "—",
  minus: "−",
  check: "✓",
  rarr: "→",
  larr: "←",
  times: "×",
  middot: "·",
  copy: "©",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
};

/** `text` with its character references decoded (`&lt;` → `<`, `&#60;` and `&#x3c;` too). */
export function decodeReferences(text: string): string {
  return text.replace(/&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|([a-zA-Z][a-zA-Z0-9]*));/g, (whole, dec, hex, name) => {
    if (name !== undefined) return NAMED_REFERENCES[name] ?? whole;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
  });
}

const squash = (text: string): string => text.replace(/\s+/g, " ").trim();

/** The searchable text and title (its first `<h1>`, else its `<title>`) of a page, or undefined when it has no `<main data-pagefind-body>`. */
export function pageSearchText(html: string): PageText | undefined {
  const start = MARKED_MAIN.exec(html);
  if (!start) return undefined;
  const parts: string[] = [];
  /** Open elements inside <main>, innermost last, each with whether it is left out. */
  const open: Array<{ name: string; ignored: boolean }> = [];
  let ignoredDepth = 0;
  let title: string | undefined;
  let titleFrom: number | undefined;
  MARKUP.lastIndex = start.index;
  let at = start.index;
  let match: RegExpExecArray | null;
  let first = true;
  // biome-ignore lint/suspicious/noAssignInExpressions: the scanner's loop
  while ((match = MARKUP.exec(html)) !== null) {
    if (ignoredDepth === 0 && !first) parts.push(decodeReferences(html.slice(at, match.index)));
    at = MARKUP.lastIndex;
    const [whole, closing, rawName, attributes = ""] = match;
    if (rawName === undefined || whole.startsWith("<!")) continue;
    const name = rawName.toLowerCase();
    if (first) {
      // The <main> tag itself.
      first = false;
      open.push({ name, ignored: false });
      continue;
    }
    if (closing) {
      // Pops to the element this closes (an end tag left out inside it closes with it).
      const index = open.findLastIndex((element) => element.name === name);
      if (index === -1) continue;
      for (const element of open.splice(index)) if (element.ignored) ignoredDepth--;
      if (name === "h1" && titleFrom !== undefined && title === undefined)
        title = squash(parts.slice(titleFrom).join(""));
      if (open.length === 0) break;
      if (!INLINE_ELEMENTS.has(name)) parts.push(" ");
      continue;
    }
    if (!INLINE_ELEMENTS.has(name)) parts.push(" ");
    if (VOID_ELEMENTS.has(name) || attributes.endsWith("/")) continue;
    const ignored = IGNORED_ELEMENTS.has(name) || IGNORED_ATTRIBUTE.test(attributes);
    if (ignored) ignoredDepth++;
    open.push({ name, ignored });
    if (name === "h1" && ignoredDepth === 0 && titleFrom === undefined) titleFrom = parts.length;
  }
  const text = squash(parts.join(""));
  // No heading: the document's title, as the browser tab shows it.
  title ??= squash(decodeReferences(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? ""));
  return { title, text };
}
