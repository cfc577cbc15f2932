// Peak RSS of the processes this one starts (trainer workers, Python), read from Linux's
// /proc/<pid>/status VmHWM while they run: the run controller forks its workers itself, so the
// bench cannot ask them for process.resourceUsage().
import { readdirSync, readFileSync } from 'node:fs';

export interface PeakRssWatch {
  /** Stops sampling; the highest VmHWM of any single child seen, MiB, or null where /proc is missing. */
  stop(): number | null;
}

function childPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid ...": comm may hold spaces and brackets, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid) pids.push(Number(entry));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return pids;
}

function highWaterMiB(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples every `intervalMs`. VmHWM only grows, so a late sample still sees an earlier peak; what
 * a child reaches in its last interval before exiting can be missed.
 */
export function watchChildrenPeakRss(intervalMs = 100): PeakRssWatch {
  let available = true;
  try {
    readdirSync('/proc');
  } catch {
    available = false;
  }
  let peak = 0;
  const sample = () => {
    for (const pid of childPids()) peak = Math.max(peak, highWaterMiB(pid));
  };
  const timer = available ? setInterval(sample, intervalMs) : null;
  return {
    stop() {
      if (!timer) return null;
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
