// What recording the training dynamics costs: the trainer with and without it on each bench
// net, in alternating turns (on, off, on, off, …) so that load from other work on a shared
// machine falls on both alike. Compared on whole epochs (training plus the probe pass), not
// only on the training loop's samples/s, because the probe runs after the loop; in CPU time,
// which the neighbours on a loaded machine disturb far less than wall time.
// The turns are epochs of one trial (trainTrial, as a run trains, recording in every other
// epoch: on, off, off, on, on, off, …) in one bundled trainer process per net. Turns of whole
// trials, each in a process of its own, spread from −15 % to +50 % a pair on one net with the
// machine's load at 7–11 (bench/README.md): each drew its own neighbours' bursts, memory layout
// and JIT history. An epoch after a recorded one may still pay for its garbage, so a little of
// the cost can fall on the side without; --processes keeps the older way for comparison.
// Standalone: node --import tsx bench/dynamics-overhead.ts [--pairs n] [--backend wasm] [--spec name] [--processes]
import '../src/trainer/backend/quiet-tfjs-banner';
import { spawn } from 'node:child_process';
import { initBackend } from '../src/trainer/backend/backend';
import { loadDataset } from '../src/trainer/data/dataset';
import { trainTrial } from '../src/trainer/train';
import { resolveExperiment } from '../src/experiments/resolve';
import { TRAINER_EXEC_ARGV } from '../src/runs/trainer-flags';
import { bundled } from './bundle';
import { experimentFor, runOurs } from './ours';
import { findSpec, median, SPECS, type BenchSpec } from './spec';
import type { BackendPreference } from '../src/trainer/protocol';
import type { EpochRecord } from '../src/core/record';

export interface OverheadRow {
  spec: string;
  backend: string;
  /** Epoch CPU seconds of each turn (an epoch; with --processes a trial's median), with and without recording. */
  on: number[];
  off: number[];
  /** Median over the turns' pairs of on/off − 1, in CPU time. */
  overhead: number;
  /** The same in wall time (noisy when the machine is shared). */
  wallOverhead: number;
  /** Where the turns ran: all in one trainer process, or each in its own. */
  turns: 'epochs of one trial' | 'a process each';
}

/** CPU and wall seconds of each turn, with and without recording. */
interface Turns {
  on: number[];
  off: number[];
  wallOn: number[];
  wallOff: number[];
}

const emptyTurns = (): Turns => ({ on: [], off: [], wallOn: [], wallOff: [] });

/** Alternate which goes first, so neither always runs on a warmer (or busier) machine. */
const orderOf = (pair: number) => (pair % 2 === 0 ? [true, false] : [false, true]);

async function turnsInProcesses(
  spec: BenchSpec,
  backend: BackendPreference,
  samples: number,
  pairs: number,
): Promise<Turns> {
  const turns = emptyTurns();
  for (let i = 0; i < pairs; i++) {
    for (const dynamics of orderOf(i)) {
      const r = await runOurs(spec, backend, samples, { threads: 1, dynamics });
      (dynamics ? turns.on : turns.off).push(median(r.epochCpuSeconds ?? r.epochSeconds));
      (dynamics ? turns.wallOn : turns.wallOff).push(median(r.epochSeconds));
    }
  }
  return turns;
}

const CHILD_FLAG = '--overhead-child';

interface ChildArgs {
  spec: string;
  epochs: number;
  dataDir?: string;
  backend: BackendPreference;
  samples: number;
  pairs: number;
}

/** In the bundled child: one trial of 1 + 2 × pairs epochs, recording in every other one. */
async function turnsHere(args: ChildArgs): Promise<Turns> {
  const spec = { ...findSpec(args.spec), epochs: 2 * args.pairs, ...(args.dataDir ? { dataDir: args.dataDir } : {}) };
  await initBackend(args.backend);
  const dataset = loadDataset(spec.dataDir ?? null);
  const turns = emptyTurns();
  // Epoch 1 is the untimed warm-up (recorded, so the recorder's own first-use costs fall in it);
  // then pair i is epochs 2i + 2 and 2i + 3, in orderOf(i).
  const recorded = (epoch: number) => epoch === 1 || orderOf(Math.floor((epoch - 2) / 2))[(epoch - 2) % 2];
  const trial = resolveExperiment(experimentFor(spec, args.samples), null).trials[0];
  let cpu = process.cpuUsage();
  const onEpoch = (record: EpochRecord) => {
    const d = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    if (record.epoch === 1) return;
    const on = recorded(record.epoch);
    if (on !== (record.dynamics !== undefined)) throw new Error(`epoch ${record.epoch} recorded ${!on}`);
    (on ? turns.on : turns.off).push((d.user + d.system) / 1e6);
    (on ? turns.wallOn : turns.wallOff).push(record.seconds);
  };
  await trainTrial(dataset, trial, { onEpoch }, { recordEpoch: recorded });
  return turns;
}

function turnsInOneProcess(args: ChildArgs): Promise<Turns> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...TRAINER_EXEC_ARGV, bundled(__filename), CHILD_FLAG, JSON.stringify(args)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{'))
        reject(new Error(`dynamics overhead on ${args.spec} exited with ${code}: ${out.slice(-400)}`));
      else resolve(JSON.parse(line) as Turns);
    });
  });
}

export async function dynamicsOverhead(
  specs: readonly BenchSpec[],
  backend: BackendPreference,
  pairs: number,
  samplesFor: (spec: BenchSpec) => number = (s) => s.samples,
  separateProcesses = false,
): Promise<OverheadRow[]> {
  const rows: OverheadRow[] = [];
  for (const spec of specs) {
    const { on, off, wallOn, wallOff } = separateProcesses
      ? await turnsInProcesses(spec, backend, samplesFor(spec), pairs)
      : await turnsInOneProcess({
          spec: spec.name,
          epochs: spec.epochs,
          ...(spec.dataDir ? { dataDir: spec.dataDir } : {}),
          backend,
          samples: samplesFor(spec),
          pairs,
        });
    const overhead = median(on.map((s, i) => s / off[i] - 1));
    const wallOverhead = median(wallOn.map((s, i) => s / wallOff[i] - 1));
    const turns = separateProcesses ? 'a process each' : 'epochs of one trial';
    rows.push({ spec: spec.name, backend, on, off, overhead, wallOverhead, turns });
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    console.log(
      `  ${spec.name} ${backend} (${turns}): epoch CPU ${median(on).toFixed(3)} s with dynamics, ${median(off).toFixed(3)} s without: ${pct(overhead)} (pairs: ${on.map((s, i) => pct(s / off[i] - 1)).join(', ')}; wall time ${pct(wallOverhead)})`,
    );
  }
  return rows;
}

if (require.main === module && process.argv[2] === CHILD_FLAG) {
  void turnsHere(JSON.parse(process.argv[3]) as ChildArgs).then((t) => console.log(JSON.stringify(t)));
} else if (require.main === module) {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = value('spec');
  void dynamicsOverhead(
    only ? [findSpec(only)] : SPECS,
    (value('backend') ?? 'wasm') as BackendPreference,
    Number(value('pairs') ?? 10),
    (s) => s.samples,
    argv.includes('--processes'),
  );
}
