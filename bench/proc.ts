// What the benchmarks read from /proc (proc(5)): CPU seconds and resident memory of the
// processes taking part — the service (or its main thread), the broker, the publishers,
// PostgreSQL — and of the machine. Where /proc is missing the figures are 0.
import { promises as fs } from 'node:fs';

const ticksPerS = 100;

/** CPU seconds (user + system) a process used so far; with `children`, those of its waited-for children too. */
export async function cpuSeconds(pid: number | 'self', { children = false } = {}): Promise<number> {
  return statCpuSeconds(`/proc/${pid}/stat`, children);
}

/** CPU seconds this process's main thread used so far (a service measured in-process, apart from a load generator on a worker thread). */
export function mainThreadCpuSeconds(): Promise<number> {
  return statCpuSeconds(`/proc/self/task/${process.pid}/stat`, false);
}

async function statCpuSeconds(file: string, children: boolean): Promise<number> {
  const stat = await fs.readFile(file, 'utf8').catch(() => '');
  // The command may hold spaces and parentheses: fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields.length < 15) return 0;
  // utime, stime, cutime, cstime are fields 14–17 of proc(5); the slice starts at field 3.
  const own = Number(fields[11]) + Number(fields[12]);
  return (children ? own + Number(fields[13]) + Number(fields[14]) : own) / ticksPerS;
}

/** Resident set size of a process in MB (VmRSS), 0 when it is gone. */
export async function rssMb(pid: number | 'self'): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

/** CPU seconds used so far by every PostgreSQL process of this machine, exited backends included. */
export async function postgresCpuSeconds(): Promise<number> {
  let total = 0;
  for (const pid of await fs.readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const comm = (await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
    // A backend that exited is counted in its parent's (the postmaster's) children times.
    if (comm === 'postgres') total += await cpuSeconds(Number(pid), { children: true });
  }
  return total;
}

/**
 * CPU seconds of the whole machine so far (all cores; /proc/stat): busy, stolen by the
 * hypervisor (a virtual machine's cores given to others), and all; and how many cores.
 */
export async function machineCpu(): Promise<{ busyS: number; stealS: number; allS: number; cores: number }> {
  const stat = await fs.readFile('/proc/stat', 'utf8').catch(() => '');
  const line = stat.split('\n')[0] ?? '';
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (f.length < 5) return { busyS: 0, stealS: 0, allS: 0, cores: 0 };
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  const all = f.reduce((a, b) => a + b, 0);
  const busy = all - f[3]! - f[4]!;
  const cores = stat.split('\n').filter((l) => /^cpu\d+ /.test(l)).length;
  return { busyS: busy / ticksPerS, stealS: (f[7] ?? 0) / ticksPerS, allS: all / ticksPerS, cores };
}

/** A CPU meter over a set of processes: `lap()` returns each one's CPU share (1 = one core) since the last lap. */
export function cpuMeter(pids: () => Record<string, number | 'self' | 'postgres' | 'machine'>) {
  let last = new Map<string, number>();
  let lastAt = performance.now();
  const read = async (): Promise<Map<string, number>> => {
    const out = new Map<string, number>();
    for (const [name, pid] of Object.entries(pids())) {
      out.set(name, pid === 'postgres' ? await postgresCpuSeconds() : pid === 'machine' ? (await machineCpu()).busyS : await cpuSeconds(pid));
    }
    return out;
  };
  return {
    async start(): Promise<void> {
      last = await read();
      lastAt = performance.now();
    },
    /** CPU cores used by each process since the last call, rounded to 0.01. */
    async lap(): Promise<Record<string, number>> {
      const now = await read();
      const seconds = (performance.now() - lastAt) / 1000;
      const out: Record<string, number> = {};
      for (const [name, v] of now) out[name] = Math.round(((v - (last.get(name) ?? v)) / seconds) * 100) / 100;
      last = now;
      lastAt = performance.now();
      return out;
    },
  };
}
