import type { Root as MdastRoot, PhrasingContent, Text } from "mdast";
import type { ContainerDirective, LeafDirective, TextDirective } from "mdast-util-directive";
import { visit } from "unist-util-visit";
import { ValidationError } from "../../errors.ts";
import { type FigureSource, sourceAttributes, sourceTitle } from "../figures/figure-source.ts";
import { FIGURE_NAMES, FigureError, type FigureResolver } from "./report-figures.ts";

/**
 * Figures and transfer references in contributor Markdown, written as directives (remark-directive syntax):
 * - `:figure[donations.total]{period=2025-Q3}`: the named figure for that period, from the snapshot, as a link to
 *   its source; `period` defaults to the report's quarter (writeups have none, so they must give it);
 * - `:transfer[12]`: a link to transfer 12's page, with its amount and payee as the text.
 * Both carry their source (`figure-source.ts`) as `data-` attributes and in the link's title.
 * Anything else written as a directive (`:figur[…]`, `::figure`, `:::note`) is an error, so a typo never renders
 * as silent text. A bare `:word` without brackets or braces (as in "Note:this") is left as the text it was.
 * Errors name the file, line and column, and for figures the list of valid names.
 */

export interface TransferReference {
  /** The transfer's page, e.g. `/transfers/12/`. */
  href: string;
  /** The link text, e.g. `transfer 12 (300.00 LIBRA to Mutual Health Plan)`. */
  text: string;
  /** Its record in `transfers.json`, with the payment's transaction version once paid. */
  source: FigureSource;
}

export interface FigureContext {
  /** Source file, as messages name it (e.g. `content/reports/2025-q3.md`). */
  file: string;
  /** The file's line of the Markdown's first line (after the frontmatter); 1 when the Markdown is the whole file. */
  firstLine?: number;
  figures: FigureResolver;
  /** The transfer with this uid, or undefined when the snapshot has none. */
  transfer(uid: string): TransferReference | undefined;
  /** The period a `:figure` without `period` means: the report's quarter; undefined for writeups. */
  defaultPeriod?: string | undefined;
}

type AnyDirective = TextDirective | LeafDirective | ContainerDirective;

function labelOf(node: AnyDirective): string {
  return node.children
    .map((child) => ("value" in child && typeof child.value === "string" ? child.value : ""))
    .join("")
    .trim();
}

/** `:word` alone: remark-directive reads it as a directive, but the author wrote text. */
function isBareWord(node: AnyDirective): boolean {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return (
    node.type === "textDirective" &&
    start !== undefined &&
    end !== undefined &&
    end - start === node.name.length + 1 &&
    node.children.length === 0
  );
}

/** `data-source-file` → `dataSourceFile`: hast names attributes by their DOM property. */
function hastProperties(attributes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase()),
      value,
    ]),
  );
}

/** The `data-` attributes a figure or transfer reference may carry through the sanitizer (markdown.ts). */
export const FIGURE_DATA_PROPERTIES: readonly string[] = [
  "dataFigure",
  "dataPeriod",
  "dataSourceFile",
  "dataSourceRecord",
  "dataLedgerVersion",
  "dataTxVersion",
  "dataExplorerHref",
  "dataRowsHref",
];

/** The class of the raw-data link after a figure (styled as "json"); the sanitizer lets it and its aria-label through. */
export const RAW_LINK_CLASS = "raw-link";

/**
 * A figure as a link to its source: the `<data>` element carries the exact value and names the source. As on the
 * overview (`SourcedFigure.astro`), a figure made of rows links to the page listing them, and the raw snapshot file
 * follows as a second, smaller link ("json", from the stylesheet).
 */
function figureLink(
  name: string,
  period: string,
  text: string,
  machineValue: string,
  source: FigureSource,
): PhrasingContent[] {
  const properties = hastProperties({
    value: machineValue,
    "data-figure": name,
    "data-period": period,
    ...sourceAttributes(source),
  });
  const child = { type: "text", value: text, data: { hName: "data", hProperties: properties } } as Text;
  const link: PhrasingContent = {
    type: "link",
    url: source.rowsHref ?? source.href,
    title: sourceTitle(source),
    children: [child],
  };
  if (source.rowsHref === undefined) return [link];
  const raw: PhrasingContent = {
    type: "link",
    url: source.href,
    children: [],
    data: { hProperties: { className: [RAW_LINK_CLASS], ariaLabel: `raw JSON for ${name}, ${period}` } },
  };
  // No space between: the stylesheet spaces the raw link, and the sentence reads "20.00 LIBRA;" as written.
  return [link, raw];
}

/** A transfer reference: the link itself is the figure (its text is more than the amount). */
function transferLink(uid: string, transfer: TransferReference): PhrasingContent {
  return {
    type: "link",
    url: transfer.href,
    title: sourceTitle(transfer.source),
    children: [{ type: "text", value: transfer.text }],
    data: { hProperties: hastProperties({ "data-figure": `transfer:${uid}`, ...sourceAttributes(transfer.source) }) },
  };
}

/** The remark plugin; `context` undefined (no snapshot) makes every directive an error. */
export function remarkFigures(context: FigureContext | undefined) {
  return (tree: MdastRoot) => {
    visit(tree, (node, index, parent) => {
      if (node.type !== "textDirective" && node.type !== "leafDirective" && node.type !== "containerDirective") return;
      if (!parent || index === undefined) return;
      const directive = node as AnyDirective;
      const line = directive.position ? directive.position.start.line + (context?.firstLine ?? 1) - 1 : "?";
      const where = `${context?.file ?? "Markdown"}:${line}:${directive.position?.start.column ?? "?"}`;
      const fail = (message: string): never => {
        throw new ValidationError(`${where}: ${message}`);
      };
      if (isBareWord(directive)) {
        parent.children.splice(index, 1, { type: "text", value: `:${directive.name}` } as Text);
        return;
      }
      const written = directive.type === "textDirective" ? ":" : directive.type === "leafDirective" ? "::" : ":::";
      if (directive.type !== "textDirective" || (directive.name !== "figure" && directive.name !== "transfer")) {
        fail(
          `unknown directive "${written}${directive.name}". Only :figure[name]{period=YYYY-QN} and :transfer[uid] are allowed (one colon, inside a sentence); valid figure names: ${FIGURE_NAMES.join(", ")}.`,
        );
      }
      if (!context)
        fail(`:${directive.name} needs the snapshot; it can only be used in content/reports and content/writeups.`);
      const ctx = context as FigureContext;
      const label = labelOf(directive);
      const attributes = directive.attributes ?? {};
      let replacement: PhrasingContent[];
      if (directive.name === "figure") {
        const unknown = Object.keys(attributes).filter((key) => key !== "period");
        if (unknown.length > 0) fail(`:figure takes only a period attribute, not ${unknown.join(", ")}.`);
        const period = attributes.period ?? ctx.defaultPeriod;
        if (!period)
          fail(`:figure[${label}] needs a period outside a quarterly report: add {period=YYYY-QN} or {period=all}.`);
        try {
          const figure = ctx.figures.figure(label, period as string);
          replacement = figureLink(label, period as string, figure.text, figure.value.toString(), figure.source);
        } catch (error) {
          if (error instanceof FigureError || error instanceof RangeError) fail(error.message);
          throw error;
        }
      } else {
        if (Object.keys(attributes).length > 0) fail(":transfer takes no attributes, only the uid: :transfer[12].");
        if (!/^(0|[1-9][0-9]*)$/.test(label)) fail(`:transfer needs a transfer uid (digits), not "${label}".`);
        const transfer = ctx.transfer(label);
        if (!transfer) fail(`unknown transfer uid ${label}: the snapshot has no transfer with this uid.`);
        replacement = [transferLink(label, transfer as TransferReference)];
      }
      // Inside a link's text a second link would nest (invalid HTML): keep only the figure's text there.
      const first = replacement[0] as PhrasingContent;
      const kept = parent.type === "link" && first.type === "link" ? first.children : replacement;
      parent.children.splice(index, 1, ...(kept as never[]));
    });
  };
}
