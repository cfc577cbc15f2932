// How a long list of runs or trials is cut up for the tree: an experiment with many runs shows
// one row per day (newest first) instead of thousands of rows, and any list longer than a page
// shows a page and a "Show more" row. No vscode here, so it is unit-tested in Node.
import * as l10n from '@vscode/l10n';
import type { RunStatus } from '../../core/record';
import { statusText } from '../runs/run-format';

/** Up to this many runs an experiment lists them directly, as it always did. */
export const GROUP_RUNS_OVER = 50;
/** Rows shown at once below one parent before a "Show more" row. */
export const PAGE_SIZE = 100;

export interface DayGroup<T> {
  /** Local calendar day, YYYY-MM-DD (the day the tree's run titles show). */
  day: string;
  items: T[];
}

export function localDay(iso: string): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return l10n.t('unknown date');
  return `${when.getFullYear()}-${String(when.getMonth() + 1).padStart(2, '0')}-${String(when.getDate()).padStart(2, '0')}`;
}

/** Items in their order, grouped by the local day of `createdAt`; groups keep first-seen order. */
export function groupByDay<T>(items: readonly T[], createdAt: (item: T) => string): DayGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const day = localDay(createdAt(item));
    let list = groups.get(day);
    if (!list) groups.set(day, (list = []));
    list.push(item);
  }
  return [...groups].map(([day, list]) => ({ day, items: list }));
}

export interface Page<T> {
  shown: T[];
  /** How many are left after the shown ones (0: no "Show more" row). */
  remaining: number;
}

/** The first `pages` pages of a list. */
export function page<T>(items: readonly T[], pages: number, size = PAGE_SIZE): Page<T> {
  const count = Math.max(1, pages) * size;
  return { shown: items.slice(0, count), remaining: Math.max(0, items.length - count) };
}

/** "12 runs · 11 done, 1 failed" for a day row. */
export function statusCounts(statuses: readonly RunStatus[]): string {
  const counts = new Map<RunStatus, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  const runs = statuses.length === 1 ? l10n.t('1 run') : l10n.t('{0} runs', statuses.length);
  if (counts.size <= 1) return runs;
  const parts = [...counts].map(([s, n]) => l10n.t('{0} {1}', n, statusText(s)));
  return l10n.t('{0} · {1}', runs, parts.join(', '));
}
