// Bundled samples the workspace already holds a copy of (Open Case-Study Samples, or a file
// made from one): the copy is the one the user works with, so the bundled original is not
// listed a second time under the same name. A copy is recognised by its experiment name, which
// is what the tree and the pickers show.

export interface NamedFile {
  file: string;
  name: string;
}

const key = (name: string): string => name.trim().toLowerCase();

/** The bundled samples to list: those whose name no workspace experiment carries. */
export function uncopiedSamples<T extends NamedFile>(bundled: readonly T[], workspace: readonly NamedFile[]): T[] {
  const names = new Set(workspace.map((w) => key(w.name)));
  return bundled.filter((b) => !names.has(key(b.name)));
}

/** The workspace's copy of a bundled sample (the first, in the order given), if it has one. */
export function workspaceCopyOf<T extends NamedFile>(sample: NamedFile, workspace: readonly T[]): T | undefined {
  return workspace.find((w) => key(w.name) === key(sample.name));
}

/** "Ten digits", then "Ten digits (2)", "Ten digits (3)", …: the first name nobody uses. */
export function uniqueExperimentName(base: string, taken: readonly string[]): string {
  const used = new Set(taken.map((n) => n.trim().toLowerCase()));
  const stem = base.replace(/ \(\d+\)$/, '');
  if (!used.has(base.trim().toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}
