/**
 * Messages name the folders the user knows, never our internal staging copies. A committed folder is written
 * through a sibling staging folder (`.<name>.staging-<pid>`, moved aside as `.<name>.retired-<pid>`, see
 * folder-swap.ts), and `npm run publish` works on a copy of the whole content folder; an error raised while
 * validating such a copy would otherwise send the user looking for a folder that no longer exists.
 */

// `/.<name>.staging-<pid>` and `/.<name>.retired-<pid>`, as one path segment.
const SWAP_FOLDER = /([/\\])\.([^/\\\s]+?)\.(?:staging|retired)-\d+(?=[/\\\s:;,.)'"]|$)/g;

/** `text` with every staging or retired sibling folder replaced by the folder it stands for. */
export function displayPath(text: string): string {
  return text.replace(SWAP_FOLDER, "$1$2");
}

/** A staging copy and the folder the user knows it as. */
export interface PathAlias {
  staging: string;
  shown: string;
}

/**
 * The same error, its message (and an errno error's `path`) naming the folders the user knows: every alias's
 * staging prefix becomes its shown folder, then every swap folder its live one. The class, `cause` and fields are
 * kept, so the exit code does not change.
 */
export function withDisplayPaths<E>(error: E, aliases: readonly PathAlias[] = []): E {
  if (!(error instanceof Error)) return error;
  const rewrite = (text: string) =>
    displayPath(aliases.reduce((out, alias) => out.split(alias.staging).join(alias.shown), text));
  const rewritten = rewrite(error.message);
  if (rewritten !== error.message) error.message = rewritten;
  const errno = error as NodeJS.ErrnoException & { dest?: unknown };
  if (typeof errno.path === "string") errno.path = rewrite(errno.path);
  if (typeof errno.dest === "string") errno.dest = rewrite(errno.dest);
  return error;
}
