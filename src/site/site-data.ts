import { getCollection, getEntry } from "astro:content";

/**
 * What every page needs: the program configuration and the committed snapshot of its wallet. A missing snapshot
 * fails the build with the folder to create, rather than rendering an empty site.
 */
export async function loadSiteData() {
  const program = await getEntry("program", "program");
  if (!program) throw new Error("content/program.yaml is missing.");
  const snapshots = await getCollection("snapshots");
  const snapshot = snapshots.find((entry) => entry.id === program.data.wallet);
  if (!snapshot) {
    throw new Error(
      `No committed snapshot for wallet ${program.data.wallet}: expected content/snapshots/${program.data.wallet}/. Run \`npm run snapshot\` first.`,
    );
  }
  return { program: program.data, snapshot: snapshot.data };
}
