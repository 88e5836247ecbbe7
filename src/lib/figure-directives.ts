import type { Root as MdastRoot, PhrasingContent, Text } from "mdast";
import type { ContainerDirective, LeafDirective, TextDirective } from "mdast-util-directive";
import { visit } from "unist-util-visit";
import { ValidationError } from "../errors.ts";
import { FIGURE_NAMES, FigureError, type FigureResolver } from "./report-figures.ts";

/**
 * Figures and transfer references in contributor Markdown, written as directives (remark-directive syntax):
 * - `:figure[donations.total]{period=2025-Q3}`: the named figure for that period, from the snapshot, as a link to
 *   its source; `period` defaults to the report's quarter (writeups have none, so they must give it);
 * - `:transfer[12]`: a link to transfer 12's page, with its amount and payee as the text.
 * Anything else written as a directive (`:figur[…]`, `::figure`, `:::note`) is an error, so a typo never renders
 * as silent text. A bare `:word` without brackets or braces (as in "Note:this") is left as the text it was.
 * Errors name the file, line and column, and for figures the list of valid names.
 */

export interface TransferReference {
  /** The transfer's page, e.g. `/transfers/12/`. */
  href: string;
  /** The link text, e.g. `transfer 12 (300.00 LIBRA to Mutual Health Plan)`. */
  text: string;
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

function link(url: string, value: string, machineValue?: string): PhrasingContent {
  const text: Text = { type: "text", value };
  const child: PhrasingContent =
    machineValue === undefined
      ? text
      : // A <data value> carries the exact figure for machines (base units), beside the formatted text.
        ({ type: "text", value, data: { hName: "data", hProperties: { value: machineValue } } } as Text);
  return { type: "link", url, children: [child] };
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
      let replacement: PhrasingContent;
      if (directive.name === "figure") {
        const unknown = Object.keys(attributes).filter((key) => key !== "period");
        if (unknown.length > 0) fail(`:figure takes only a period attribute, not ${unknown.join(", ")}.`);
        const period = attributes.period ?? ctx.defaultPeriod;
        if (!period)
          fail(`:figure[${label}] needs a period outside a quarterly report: add {period=YYYY-QN} or {period=all}.`);
        try {
          const figure = ctx.figures.figure(label, period as string);
          replacement = link(figure.source, figure.text, figure.value.toString());
        } catch (error) {
          if (error instanceof FigureError || error instanceof RangeError) fail(error.message);
          throw error;
        }
      } else {
        if (Object.keys(attributes).length > 0) fail(":transfer takes no attributes, only the uid: :transfer[12].");
        if (!/^(0|[1-9][0-9]*)$/.test(label)) fail(`:transfer needs a transfer uid (digits), not "${label}".`);
        const transfer = ctx.transfer(label);
        if (!transfer) fail(`unknown transfer uid ${label}: the snapshot has no transfer with this uid.`);
        replacement = link((transfer as TransferReference).href, (transfer as TransferReference).text);
      }
      // Inside a link's text a second link would nest (invalid HTML): keep only the figure's text there.
      const kept = parent.type === "link" && replacement.type === "link" ? replacement.children : [replacement];
      parent.children.splice(index, 1, ...(kept as never[]));
    });
  };
}
