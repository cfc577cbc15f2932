// How numbers read everywhere they are shown: the tree, notifications, panels, the CLI and
// the report. An unknown or non-finite value reads "–" rather than "NaN %".

const known = (value: number | null | undefined): value is number =>
  value !== null && value !== undefined && Number.isFinite(value);

/** 0.9712 → "97.12 %". */
export function formatPercent(value: number | null | undefined, digits = 2): string {
  return known(value) ? `${(value * 100).toFixed(digits)} %` : '–';
}

/** 0.123456 → "0.1235". */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  return known(value) ? value.toFixed(digits) : '–';
}

/** 0.0001234 → "1.23e-4": gradient norms and update ratios span many orders of magnitude. */
export function formatScientific(value: number | null | undefined, digits = 2): string {
  return known(value) ? value.toExponential(digits) : '–';
}

/** "42 s", "3 m 05 s", "1 h 02 m"; "–" for unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (!known(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
}

/** A swept value as text: numbers compactly (1e-5), initializer objects by name. */
export function formatParam(value: unknown): string {
  if (typeof value === 'number') {
    if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6))
      return value
        .toExponential()
        .replace(/\.?0+e/, 'e')
        .replace('e+', 'e');
    return String(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string') {
    const { name, ...rest } = value as Record<string, unknown>;
    const extra = Object.entries(rest).map(([k, v]) => `${k}=${formatParam(v)}`);
    return extra.length > 0 ? `${String(name)}(${extra.join(', ')})` : String(name);
  }
  return JSON.stringify(value) ?? String(value);
}

const PARAM_NAMES: Record<string, string> = {
  'model.initializer': 'initializer',
  'model.activation': 'activation',
  'training.batchSize': 'batch size',
  'training.learningRate': 'learning rate',
  'training.optimizer': 'optimizer',
  'training.seed': 'seed',
};
/** "training.learningRate" → "learning rate". */
export function paramLabel(key: string): string {
  return PARAM_NAMES[key] ?? key.replace(/^.*\./, '');
}

/** "done", or for successive halving "stopped at rung 1 (3 ep)": an outcome, not a failure. */
export function formatTrialStatus(
  status: string,
  rung?: { rung: number; epochs: number; state: string } | null,
): string {
  if (!rung || status !== 'done') return status;
  if (rung.state === 'stopped') return `stopped at rung ${rung.rung} (${rung.epochs} ep)`;
  if (rung.state === 'paused') return `rung ${rung.rung} done, waiting`;
  return status;
}
