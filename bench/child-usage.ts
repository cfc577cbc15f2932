// Peak RSS and CPU time of the processes this one starts (trainer workers, Python), read from
// Linux's /proc while they run: the run controller forks its workers itself, so the bench cannot
// ask them for process.resourceUsage(). CPU time is the like-for-like figure on a shared machine,
// where wall time mostly measures the neighbours (and a process with more threads gets more of
// the cores under load).
import { readdirSync, readFileSync } from 'node:fs';

export interface ChildUsage {
  /** Highest VmHWM of any single child, MiB. */
  peakRssMiB: number;
  /** User + system CPU seconds of all children, as last sampled (each child's last interval may be missed). */
  cpuSeconds: number;
}

export interface ChildUsageWatch {
  /** Stops sampling; null where /proc is missing. */
  stop(): ChildUsage | null;
}

/** Clock ticks per second of /proc/<pid>/stat's times; 100 on every Linux build in practice. */
const TICKS = 100;

function children(): { pid: number; cpuTicks: number }[] {
  const out: { pid: number; cpuTicks: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid ...": comm may hold spaces and brackets, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
      if (Number(fields[1]) === process.pid)
        out.push({ pid: Number(entry), cpuTicks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
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
 * a child does in its last interval before exiting can be missed.
 */
export function watchChildren(intervalMs = 100): ChildUsageWatch {
  let available = true;
  try {
    readdirSync('/proc');
  } catch {
    available = false;
  }
  let peak = 0;
  const ticks = new Map<number, number>();
  const sample = () => {
    for (const { pid, cpuTicks } of children()) {
      peak = Math.max(peak, highWaterMiB(pid));
      ticks.set(pid, cpuTicks);
    }
  };
  const timer = available ? setInterval(sample, intervalMs) : null;
  return {
    stop() {
      if (!timer) return null;
      clearInterval(timer);
      sample();
      let total = 0;
      for (const t of ticks.values()) total += t;
      return { peakRssMiB: peak, cpuSeconds: total / TICKS };
    },
  };
}
