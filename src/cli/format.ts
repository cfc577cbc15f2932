import { bestTrial } from '../core/best';
import { formatNumber, formatPercent, formatTrialStatus } from '../core/format';
import { backendLabel, type RunRecord, type TrialRecord } from '../core/record';

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function progressBar(fraction: number, width = 24): string {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `[${'█'.repeat(filled)}${'·'.repeat(width - filled)}]`;
}

function trialRow(t: TrialRecord): string[] {
  const r = t.result;
  return [
    t.label,
    formatTrialStatus(t.status, t.rung),
    r ? formatPercent(r.testAccuracy) : '–',
    r ? formatNumber(r.testLoss) : '–',
    r ? formatPercent(r.report.macro.precision) : '–',
    r ? formatPercent(r.report.macro.recall) : '–',
    r ? formatPercent(r.report.macro.f1) : '–',
    r ? `${r.epochsRun} (best ${r.bestEpoch})` : String(t.history.length),
    r ? `${r.trainSeconds.toFixed(1)} s` : '–',
  ];
}

export function summary(record: RunRecord, runDir: string): string {
  const out: string[] = [];
  out.push(
    `${record.experiment.name}: ${record.status.toUpperCase()}${record.quick ? ' (quick)' : ''} in ${formatNumber(record.wallSeconds, 1)} s on backend ${backendLabel(record) ?? '–'}`,
  );
  if (record.trials.length > 0) {
    out.push(
      table(
        ['trial', 'status', 'test acc', 'test loss', 'precision', 'recall', 'F1', 'epochs', 'time'],
        record.trials.map(trialRow),
      ),
    );
    const best = bestTrial(record.trials);
    if (best && record.trials.length > 1)
      out.push(`best trial: ${best.label} — test accuracy ${formatPercent(best.result.testAccuracy)}`);
    if (record.trials.length === 1 && best) {
      const r = best.result;
      out.push('', 'confusion matrix (rows: true, columns: predicted)');
      const names = best.config.data.classNames;
      out.push(
        table(
          ['', ...names],
          r.confusionMatrix.map((row, i) => [names[i], ...row.map(String)]),
        ),
      );
      out.push(
        '',
        table(
          ['class', 'precision', 'recall', 'F1', 'support'],
          [
            ...r.report.classes.map((c) => [
              c.label,
              formatNumber(c.precision),
              formatNumber(c.recall),
              formatNumber(c.f1),
              String(c.support),
            ]),
            [
              'macro avg',
              formatNumber(r.report.macro.precision),
              formatNumber(r.report.macro.recall),
              formatNumber(r.report.macro.f1),
              String(r.report.macro.support),
            ],
            [
              'weighted avg',
              formatNumber(r.report.weighted.precision),
              formatNumber(r.report.weighted.recall),
              formatNumber(r.report.weighted.f1),
              String(r.report.weighted.support),
            ],
          ],
        ),
      );
    }
  }
  for (const t of record.trials) if (t.error) out.push(`trial "${t.label}" failed: ${t.error}`);
  if (record.error) out.push(`error: ${record.error}`);
  out.push(`run record: ${runDir}/run.json`);
  return out.join('\n');
}
