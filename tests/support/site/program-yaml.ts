/**
 * `content/program.yaml` links the demo snapshot's fee payments to its awards by transfer uid. Test content with
 * another snapshot must drop those links, or the build (rightly) fails on uids its snapshot does not have.
 */
export function withoutFeeLinks(programYaml: string): string {
  const replaced = programYaml.replace(/^feeLinks:\n(?: {2}- .*\n)+/m, "feeLinks: []\n");
  if (!/^feeLinks: \[\]$/m.test(replaced)) throw new Error("content/program.yaml has no feeLinks list to replace");
  return replaced;
}
