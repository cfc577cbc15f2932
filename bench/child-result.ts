// A measurement taken in a child process (clean RSS, a fresh kernel registry): the child prints
// its result as JSON on its last stdout line.
import { spawn } from 'node:child_process';
import type { BenchResult } from './spec';

/** Runs node with `args`; resolves with the result on the child's last line. `what` names it in errors. */
export function childResult(args: string[], what: string): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`${what} exited with ${code}: ${out.slice(-500)}`));
      else resolve(JSON.parse(line) as BenchResult);
    });
  });
}
