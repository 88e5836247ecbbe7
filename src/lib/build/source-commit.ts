/**
 * How the footer and the data page write where a site comes from. The commit itself is read in
 * src/config/build-env.ts (`readSourceCommit`); these are the words around it.
 */

/** A repository URL as people read it: without the scheme and the trailing slash or `.git`. */
export function repositoryLabel(url: string): string {
  return url
    .replace(/^https:\/\//, "")
    .replace(/\/+$/, "")
    .replace(/\.git$/, "");
}

/**
 * The shell commands that rebuild exactly the site of `commit` from `repository` and check the result against its
 * own checksums. Without a repository, the clone line says where the URL goes.
 */
export function rebuildCommands(repository: string | undefined, commitHash: string): string[] {
  const url = repository ?? "<the source repository>";
  return [
    `git clone ${url} ledgerlight && cd ledgerlight`,
    `git checkout ${commitHash}`,
    "npm ci && npm run build",
    "cd dist && sha256sum -c --quiet manifest.sha256",
  ];
}
