import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors.js';

/** What the running service writes into its data directory's lock file. */
export interface LockInfo {
  pid: number;
  host: string;
  /** Where the running service answers, for CLI commands that go through it. */
  url: string | null;
  startedAt: string;
}

const lockName = 'citywork.lock';

/**
 * Takes the data directory for this process: the embedded database belongs to one process.
 * A lock left by a process that died (SIGKILL, power loss) is taken over.
 */
export async function acquireDataDirLock(dataDir: string): Promise<{ update(info: Partial<LockInfo>): Promise<void>; release(): Promise<void> }> {
  await fs.mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, lockName);
  const info: LockInfo = { pid: process.pid, host: os.hostname(), url: null, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(file, JSON.stringify(info), { flag: 'wx' });
      return {
        async update(more) {
          Object.assign(info, more);
          await fs.writeFile(file, JSON.stringify(info));
        },
        async release() {
          const current = await readLock(dataDir);
          if (current?.pid === process.pid) await fs.rm(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = await readLock(dataDir);
      if (holder) {
        throw new AppError('conflict', `the data directory ${dataDir} is in use by citywork process ${holder.pid}${holder.url ? ` (${holder.url})` : ''}; stop it first, or use another --data-dir`, {
          details: holder,
        });
      }
      await fs.rm(file, { force: true });
    }
  }
  throw new AppError('conflict', `cannot lock ${dataDir}`);
}

/** The live holder of the data directory's lock, or null when there is none (or it died). */
export async function readLock(dataDir: string): Promise<LockInfo | null> {
  let info: LockInfo;
  try {
    info = JSON.parse(await fs.readFile(path.join(dataDir, lockName), 'utf8')) as LockInfo;
  } catch {
    return null;
  }
  if (info.host !== os.hostname()) return info;
  try {
    process.kill(info.pid, 0);
    return info;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? info : null;
  }
}
