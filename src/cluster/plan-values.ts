// The forms of the values a plan writes verbatim into an engine's files (#SBATCH lines, YAML
// names, a workflow's runs-on). The CLI refuses other values before anything is written, and
// the generators check again, so a value can never add a line or an expression to a plan.
export interface ValueForm {
  test: (text: string) => boolean;
  /** For the message: what the engine accepts, with examples. */
  expected: string;
}

const form = (pattern: RegExp, expected: string): ValueForm => ({ test: (t) => pattern.test(t), expected });

export const PLAN_VALUE_FORMS = {
  mem: form(/^\d+[KMGT]?$/, "Slurm's memory form, like 2G or 1500M"),
  time: form(/^(\d+-)?\d+(:\d\d){0,2}$/, "Slurm's time form, like 02:00:00 or 1-00:00:00"),
  partition: form(
    /^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/,
    'Slurm partition names (letters, digits, _ . -), comma-separated',
  ),
  // DNS-1123 label: what Kubernetes allows for a namespace.
  namespace: form(/^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a Kubernetes namespace (a-z, 0-9 and -, at most 63)'),
  // DNS-1123 subdomain: what Kubernetes allows for a claim name.
  pvc: form(
    /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    'a Kubernetes claim name (a-z, 0-9, - and ., at most 253)',
  ),
  image: form(
    /^[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,254}$/,
    'a container image, like node:20-bookworm-slim or ghcr.io/me/lab:1.0',
  ),
  'runs-on': form(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'a runner label, like ubuntu-latest or self-hosted'),
} as const satisfies Record<string, ValueForm>;

/**
 * A command written into a plan as is (the CLI, a setup step): one line, and no "${{", which
 * GitHub would evaluate as an expression before the shell sees it.
 */
export function commandLineProblem(text: string): string | null {
  if (text.trim() === '') return 'is empty';
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(text)) return 'must be one line without control characters';
  if (text.includes('${{')) return 'contains "${{", which GitHub would evaluate as an expression';
  return null;
}
