// New experiments start from the bundled case-study samples, one per part of the study, so a
// template can never drift from what the samples (and their tests) show to work.
import { promises as fs } from 'node:fs';
import * as l10n from '@vscode/l10n';
import * as path from 'node:path';
import { applyEdits, modify, parse } from './jsonc';
import { samplesDir } from './files';
import { uniqueExperimentName } from './sample-copies';

export interface ExperimentTemplate {
  part: number;
  sample: string;
  /** In the user's language: read when shown, after activation has loaded the translations. */
  readonly label: string;
  readonly detail: string;
}

export const TEMPLATES: readonly ExperimentTemplate[] = [
  {
    part: 1,
    sample: 'backprop-2-3-1',
    get label() {
      return l10n.t('Backpropagation by hand');
    },
    get detail() {
      return l10n.t('2 inputs → 3 ReLU → 1 sigmoid, MSE: forward pass, every partial derivative, gradient steps');
    },
  },
  {
    part: 2,
    sample: 'binary-5-vs-8',
    get label() {
      return l10n.t('Binary classification: 5 vs 8');
    },
    get detail() {
      return l10n.t('784 → 128 → 64 → 1 sigmoid, early stopping, confusion matrix');
    },
  },
  {
    part: 3,
    sample: 'init-activation-grid',
    get label() {
      return l10n.t('Initializer × activation grid');
    },
    get detail() {
      return l10n.t('RandomNormal / HeNormal / GlorotUniform × ReLU / Sigmoid / Tanh: 9 trials');
    },
  },
  {
    part: 4,
    sample: 'multiclass-0-9',
    get label() {
      return l10n.t('Ten-class classification');
    },
    get detail() {
      return l10n.t('784 → 128 → 64 → 32 → 10 softmax, per-digit report');
    },
  },
  {
    part: 5,
    sample: 'batch-lr-grid',
    get label() {
      return l10n.t('Batch size × learning rate grid');
    },
    get detail() {
      return l10n.t('batch 4/16/32/64 × learning rate 1e-2…1e-5: 16 trials');
    },
  },
];

export function templatePath(extensionPath: string, template: ExperimentTemplate): string {
  return path.join(samplesDir(extensionPath), `${template.sample}.mnistexp.json`);
}

/**
 * A sample's text made to work from another folder: a relative "$schema" points into the
 * extension's own tree and would not resolve from the workspace (the manifest's jsonValidation
 * supplies the schema for every *.mnistexp.json anyway), so it goes; everything else stays.
 */
export function relocateExperimentText(text: string): string {
  const data = parse(text) as Record<string, unknown> | undefined;
  const schema = data?.$schema;
  if (typeof schema !== 'string' || /^[a-z][a-z0-9+.-]*:/i.test(schema)) return text;
  return applyEdits(
    text,
    modify(text, ['$schema'], undefined, { formattingOptions: { insertSpaces: true, tabSize: 2 } }),
  );
}

/** The text with its "name" made unique among `taken` ("Ten digits (2)"); the rest untouched. */
export function renameExperimentText(text: string, taken: readonly string[]): string {
  const data = parse(text) as Record<string, unknown> | undefined;
  if (typeof data?.name !== 'string') return text;
  const name = uniqueExperimentName(data.name, taken);
  if (name === data.name) return text;
  return applyEdits(text, modify(text, ['name'], name, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
}

const STUDENT_ID_PATH = ['backprop', 'update', 'studentId'];

/** Whether the text uses the parity rule (a backprop template with a student ID). */
export function hasStudentId(text: string): boolean {
  const data = parse(text) as { backprop?: { update?: { studentId?: unknown } } } | undefined;
  return typeof data?.backprop?.update?.studentId === 'string';
}

/** The text with the parity rule's student ID replaced; the rest untouched. */
export function withStudentId(text: string, id: string): string {
  return applyEdits(text, modify(text, STUDENT_ID_PATH, id, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
}

/**
 * Writes `text` to `file` only if nothing is there: the 'wx' flag makes "does it exist?" and
 * "create it" one step, so a file appearing meanwhile is never overwritten.
 */
export async function writeNewFile(file: string, text: string): Promise<boolean> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  try {
    await fs.writeFile(file, text, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** "my-experiment.mnistexp.json", "my-experiment-2.mnistexp.json", … whichever is free. */
export async function freeExperimentPath(dir: string, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = path.join(dir, `${base}${n === 1 ? '' : `-${n}`}.mnistexp.json`);
    if (!(await exists(candidate))) return candidate;
  }
}

export async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

export interface CopyResult {
  copied: string[];
  kept: string[];
}

/** Copies every bundled sample into `targetDir`; files already there are kept as they are. */
export async function copySamples(extensionPath: string, targetDir: string): Promise<CopyResult> {
  const dir = samplesDir(extensionPath);
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.mnistexp.json')).sort();
  const result: CopyResult = { copied: [], kept: [] };
  for (const name of names) {
    const text = relocateExperimentText(await fs.readFile(path.join(dir, name), 'utf8'));
    const target = path.join(targetDir, name);
    if (await writeNewFile(target, text)) result.copied.push(target);
    else result.kept.push(target);
  }
  return result;
}
