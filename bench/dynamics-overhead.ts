// What recording the training dynamics costs: the trainer with and without it on each bench
// net, in alternating turns (on, off, on, off, …) so that load from other work on a shared
// machine falls on both alike. Compared on whole epochs (training plus the probe pass), not
// only on the training loop's samples/s, because the probe runs after the loop; in CPU time,
// which the neighbours on a loaded machine disturb far less than wall time.
// Standalone: node --import tsx bench/dynamics-overhead.ts [--pairs n] [--backend wasm]
import { runOurs } from './ours';
import { median, SPECS, type BenchSpec } from './spec';
import type { BackendPreference } from '../src/trainer/protocol';

export interface OverheadRow {
  spec: string;
  backend: string;
  /** Median epoch CPU seconds of each turn, with and without recording. */
  on: number[];
  off: number[];
  /** Median over the turns' pairs of on/off − 1, in CPU time. */
  overhead: number;
  /** The same in wall time (noisy when the machine is shared). */
  wallOverhead: number;
}

export async function dynamicsOverhead(
  specs: readonly BenchSpec[],
  backend: BackendPreference,
  pairs: number,
  samplesFor: (spec: BenchSpec) => number = (s) => s.samples,
): Promise<OverheadRow[]> {
  const rows: OverheadRow[] = [];
  for (const spec of specs) {
    const on: number[] = [];
    const off: number[] = [];
    const wallOn: number[] = [];
    const wallOff: number[] = [];
    for (let i = 0; i < pairs; i++) {
      // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
      const order = i % 2 === 0 ? [true, false] : [false, true];
      for (const dynamics of order) {
        const r = await runOurs(spec, backend, samplesFor(spec), { threads: 1, dynamics });
        (dynamics ? on : off).push(median(r.epochCpuSeconds ?? r.epochSeconds));
        (dynamics ? wallOn : wallOff).push(median(r.epochSeconds));
      }
    }
    const overhead = median(on.map((s, i) => s / off[i] - 1));
    const wallOverhead = median(wallOn.map((s, i) => s / wallOff[i] - 1));
    rows.push({ spec: spec.name, backend, on, off, overhead, wallOverhead });
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    console.log(
      `  ${spec.name} ${backend}: epoch CPU ${median(on).toFixed(3)} s with dynamics, ${median(off).toFixed(3)} s without: ${pct(overhead)} (pairs: ${on.map((s, i) => pct(s / off[i] - 1)).join(', ')}; wall time ${pct(wallOverhead)})`,
    );
  }
  return rows;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  void dynamicsOverhead(SPECS, (value('backend') ?? 'wasm') as BackendPreference, Number(value('pairs') ?? 3));
}
