import type { Root as MdastRoot } from "mdast";
import remarkDirective from "remark-directive";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";

/**
 * Which reports and writeups mention a team. The rule (stated on each team page): a publication mentions a team
 * when its text cites one of the team's transfers as `:transfer[uid]`, or names the team by its exact name as
 * written in `program.yaml` (same capitals, as whole words: "Emergency Shelter" is not found in "Emergency
 * Shelters"). Code spans and code blocks are not prose and are not searched.
 */

/** What a publication's Markdown says that the rule looks at. */
export interface PublicationText {
  /** Uids cited as `:transfer[uid]`. */
  transferUids: ReadonlySet<string>;
  /** The prose, one string per paragraph, heading or table cell (a name split across two of them is not a mention). */
  passages: readonly string[];
}

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkDirective).freeze();

/** Reads the parts of a publication's Markdown the mention rule needs (parsed once per publication). */
export function readPublicationText(markdown: string): PublicationText {
  const tree = parser.parse(markdown) as MdastRoot;
  const transferUids = new Set<string>();
  const passages: string[] = [];
  visit(tree, (node) => {
    if (node.type === "paragraph" || node.type === "heading" || node.type === "tableCell") {
      const parts: string[] = [];
      // The text of the block, its emphasis and links; a directive's label is a figure name or a uid, not prose.
      visit(node, (inner) => {
        if (inner.type === "text") parts.push(inner.value);
        if (inner.type === "textDirective") {
          if (inner.name === "transfer") {
            const label = inner.children.map((child) => ("value" in child ? child.value : "")).join("");
            transferUids.add(label.trim());
          }
          return "skip";
        }
        return inner.type === "inlineCode" ? "skip" : undefined;
      });
      passages.push(parts.join(""));
      return "skip";
    }
    return undefined;
  });
  return { transferUids, passages };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The team's exact name as whole words (no letter or digit right before or after it). */
export function nameMatcher(name: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, "u");
}

/** Whether the publication mentions the team, by the rule above. */
export function mentionsTeam(
  text: PublicationText,
  team: { name: string; transferUids: ReadonlySet<string> },
): boolean {
  for (const uid of text.transferUids) if (team.transferUids.has(uid)) return true;
  const matcher = nameMatcher(team.name);
  return text.passages.some((passage) => matcher.test(passage));
}
