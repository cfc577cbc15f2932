// Runs bench/keras_bench.py in the venv made by bench/setup-keras.sh. Keras is the study's
// own engine, so its samples/s on this machine is the yardstick for ours; when Python or
// Keras is missing the benchmark still runs, it just has no ratio to print.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchResult, BenchSpec } from './spec';

export const REPO_ROOT = path.resolve(__dirname, '..');
const SCRIPT = path.join(__dirname, 'keras_bench.py');

export interface KerasOptions {
  /** Python with keras + tensorflow; default $BENCH_PYTHON, else .bench-venv/bin/python. */
  python?: string;
  /** TensorFlow intra/inter-op threads; 0 = TensorFlow's default (all cores). */
  threads?: number;
  /** Called with the reason whenever runKeras returns null. */
  onUnavailable?: (reason: string) => void;
  timeoutMs?: number;
}

export function kerasPython(opts: KerasOptions = {}): string {
  return opts.python ?? process.env.BENCH_PYTHON ?? path.join(REPO_ROOT, '.bench-venv', 'bin', 'python');
}

/** Samples/s of Keras on `spec`, or null (reason via onUnavailable) if it cannot run here. */
export async function runKeras(spec: BenchSpec, opts: KerasOptions = {}): Promise<BenchResult | null> {
  const skip = (reason: string): null => {
    (opts.onUnavailable ?? ((r: string) => console.warn(`keras skipped: ${r}`)))(reason);
    return null;
  };
  const python = kerasPython(opts);
  if (path.isAbsolute(python) && !fs.existsSync(python)) {
    return skip(`${python} not found; run bench/setup-keras.sh`);
  }
  const input = JSON.stringify({ ...spec, threads: opts.threads ?? 0 });
  const { code, stdout, stderr, error } = await new Promise<{
    code: number | null;
    stdout: string;
    stderr: string;
    error?: Error;
  }>((resolve) => {
    const child = spawn(python, [SCRIPT, '-'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 15 * 60_000);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, stdout: out, stderr: err, error: e });
    });
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve({ code: c, stdout: out, stderr: err });
    });
    child.stdin.end(input);
  });
  if (error) return skip(`cannot start ${python}: ${error.message}`);
  if (code !== 0) {
    const tail = stderr.trim().split('\n').slice(-3).join(' | ');
    if (/No module named '?(keras|tensorflow|numpy)/.test(stderr))
      return skip(`${python} lacks keras/tensorflow; run bench/setup-keras.sh (${tail})`);
    throw new Error(`keras_bench.py exited with ${code}: ${tail}`);
  }
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as BenchResult;
}
