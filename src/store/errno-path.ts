/**
 * Node names the file in most errno errors, but not in all (a `write` that hits a full disk reports ENOSPC with no
 * path). The CLI's message for a machine failure must still say which file or folder it was, so the I/O edges that
 * know it add it.
 */
export function namingPath<E>(error: E, where: string): E {
  const errno = error as NodeJS.ErrnoException | undefined;
  if (errno instanceof Error && typeof errno.code === "string" && errno.path === undefined) errno.path = where;
  return error;
}
