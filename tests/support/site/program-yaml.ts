/**
 * `content/program.yaml` links the demo snapshot's fee payments to its awards by transfer uid, and names the demo
 * snapshot's authorities by address. Test content with another snapshot must drop both, or the build (rightly)
 * fails on uids and authorities its snapshot does not have.
 */
export function withoutFeeLinks(programYaml: string): string {
  const replaced = programYaml
    .replace(/^feeLinks:\n(?: {2}- .*\n)+/m, "feeLinks: []\n")
    .replace(/^authorities:\n(?: {2}- .*\n)+/m, "authorities: []\n");
  if (!/^feeLinks: \[\]$/m.test(replaced)) throw new Error("content/program.yaml has no feeLinks list to replace");
  return replaced;
}
