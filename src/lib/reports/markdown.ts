import type { Element, Root as HastRoot, Properties } from "hast";
import type { Root as MdastRoot } from "mdast";
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkDirective from "remark-directive";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { FIGURE_DATA_PROPERTIES, type FigureContext, RAW_LINK_CLASS, remarkFigures } from "./figure-directives.ts";

/**
 * Markdown from contributors (reports, writeups) to HTML that is safe to put in a page. Contributors are trusted
 * to write prose, not code, so nothing executable may come through:
 * - raw HTML in the Markdown is dropped when the Markdown tree becomes an HTML tree (remark-rehype without
 *   `allowDangerousHtml`): `<script>`, `<iframe>`, `<img onerror>`, inline `style` never enter it;
 * - rehype-sanitize then rebuilds the tree from an allow-list (GitHub's, tightened below), which drops event
 *   handlers and any URL that is not http(s), mailto or relative (`javascript:`, `data:`, `vbscript:`), so the
 *   output is safe even if a plugin above ever lets something through;
 * - bidirectional override characters are removed, so the text cannot be made to read differently from its
 *   source (right-to-left scripts display correctly without them).
 * This is our own pipeline rather than Astro's Markdown rendering, so its output is exactly what these steps
 * produce and is unit-tested without a build.
 */

/**
 * GitHub's allow-list, minus what a report has no use for and a page should not carry: form controls (task-list
 * checkboxes), images from other sites (the content security policy blocks them anyway) and every URL scheme
 * but web links and mail.
 */
const SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  // remark-rehype already gives the only ids there are (footnotes; raw HTML is gone) the `user-content-` prefix
  // and points the footnote links at them; prefixing again would break those links. Clobbering targets scripts
  // that look elements up by id, and these pages have none.
  clobber: [],
  // `data` carries a cited figure's exact value, and figures and transfer references name their source in `data-`
  // attributes (figure-directives.ts). Only that plugin sets them: raw HTML never reaches this stage, and
  // directive attributes other than `period` are refused.
  tagNames: [...(defaultSchema.tagNames ?? []).filter((tag) => tag !== "input"), "data"],
  attributes: {
    ...defaultSchema.attributes,
    // A class may be listed once per element: the footnotes' back-link class and the figures' raw-data link.
    a: [
      ...(defaultSchema.attributes?.a ?? []).filter((rule) => !(Array.isArray(rule) && rule[0] === "className")),
      ["className", "data-footnote-backref", RAW_LINK_CLASS],
      "ariaLabel",
      ...FIGURE_DATA_PROPERTIES,
    ],
    data: ["value", ...FIGURE_DATA_PROPERTIES],
  },
  protocols: { href: ["http", "https", "mailto"], src: ["http", "https"], cite: ["http", "https"] },
};

/** Explicit embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** One `<h1>` per page (the title); a `#` heading in the body becomes `<h2>`. */
function demoteTopHeadings() {
  return (tree: MdastRoot) => {
    visit(tree, "heading", (node) => {
      if (node.depth === 1) node.depth = 2;
    });
  };
}

function stripBidiFromProperties(properties: Properties) {
  for (const [key, value] of Object.entries(properties)) {
    if (typeof value === "string") properties[key] = value.replace(BIDI_CONTROLS, "");
  }
}

function stripBidiControls() {
  return (tree: HastRoot) => {
    visit(tree, (node) => {
      if (node.type === "text") node.value = node.value.replace(BIDI_CONTROLS, "");
      else if (node.type === "element") stripBidiFromProperties((node as Element).properties);
    });
  };
}

/**
 * The sanitizer removes an image's source when its URL is not allowed (e.g. `javascript:`), which leaves an `<img>`
 * with nothing to show and invalid HTML. Such an image becomes its alt text, so readers still get the words.
 */
function replaceImagesWithoutSource() {
  return (tree: HastRoot) => {
    visit(tree, "element", (node: Element, index, parent) => {
      if (node.tagName !== "img" || typeof node.properties.src === "string" || !parent || index === undefined) return;
      const alt = typeof node.properties.alt === "string" ? node.properties.alt : "";
      parent.children.splice(index, 1, { type: "text", value: alt });
    });
  };
}

function buildProcessor(context: FigureContext | undefined) {
  return (
    unified()
      .use(remarkParse)
      .use(remarkGfm)
      // `:figure[…]` and `:transfer[…]` become links before anything else sees them; other directives are errors.
      .use(remarkDirective)
      .use(remarkFigures, context)
      .use(demoteTopHeadings)
      // allowDangerousHtml stays false: raw HTML nodes are dropped here, before any HTML tree exists.
      .use(remarkRehype, { allowDangerousHtml: false })
      .use(rehypeSanitize, SCHEMA)
      .use(replaceImagesWithoutSource)
      .use(stripBidiControls)
      .use(rehypeStringify)
      .freeze()
  );
}

const plainProcessor = buildProcessor(undefined);

/**
 * Renders contributor Markdown to sanitized HTML. Same input, same bytes. With `context` (the snapshot's figures
 * and transfers, and the source file for messages), `:figure[…]` and `:transfer[…]` directives are resolved;
 * without it, any directive is an error.
 */
export function renderMarkdown(markdown: string, context?: FigureContext): string {
  const processor = context ? buildProcessor(context) : plainProcessor;
  return String(processor.processSync(markdown));
}
