import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDrivers } from '../support/db.js';
import { readLock } from '../../src/core/db/lock.js';
import { startChildService, type ChildService } from './child-service.js';
import { freshTarget, mulberry32 } from './target.js';
import { createWriteLog, retryUnknowns, startWriteStream } from './write-stream.js';
import type { EntryInput, LedgerCheck } from './ledger-module.js';

// The requirement: SIGKILL the service at random moments of a stream of writes, at
// least 20 times, restarting it each time; then every acknowledged write is there, none is
// half-written, and every outbox event's effect is applied exactly once.
const rounds = Number(process.env.CRASH_ROUNDS ?? 22);
// How long after the first write of a round the process is killed; a start costs ~4 s.
const killAfterMs = { min: 50, max: 1200 };
const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe.each(testDrivers())('SIGKILL during a stream of writes (%s)', (driver) => {
  it(`keeps every acknowledged write and applies each event once across ${rounds} kills`, { timeout: 600_000 }, async () => {
    const started = performance.now();
    const random = mulberry32(seed);
    const target = await freshTarget(driver);
    const log = createWriteLog();
    let sequence = 0;
    const next = (): EntryInput => ({ key: `${driver}-${String(++sequence).padStart(6, '0')}`, amount: randomInt(random, -1000, 1000), lines: randomInt(random, 1, 20) });
    let child: ChildService | undefined;
    let kills = 0;
    let inFlightKills = 0;
    let staleLocksTaken = 0;
    try {
      // Starts the service; from the second start on, over the lock file a killed process left.
      const start = async () => {
        const stale = target.dataDir ? await fs.readFile(path.join(target.dataDir, 'citywork.lock'), 'utf8').catch(() => null) : null;
        const service = (child = await startChildService(target.env));
        if (!stale) return service;
        expect(JSON.parse(stale).pid).not.toBe(service.pid);
        expect((await readLock(target.dataDir!))?.pid).toBe(service.pid);
        staleLocksTaken++;
        return service;
      };
      for (let round = 0; round < rounds; round++) {
        const service = await start();
        const stream = startWriteStream({ url: service.url, log, next });
        await stream.started;
        await sleep(randomInt(random, killAfterMs.min, killAfterMs.max));
        const halted = stream.halt();
        if (stream.inFlight() > 0) inFlightKills++;
        await service.kill();
        kills++;
        await halted;
      }

      // Once more, without a kill: retry the last round's unknowns, let the outbox drain.
      const final = await start();
      await retryUnknowns(final.url, log);
      const check = await drained(final.url);
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `[crash ${driver}] ${kills} SIGKILLs (${inFlightKills} with requests in flight), ${staleLocksTaken} stale locks taken over, ` +
          `${log.acknowledged.size} writes acknowledged, ${log.committedUnacknowledged} committed but unacknowledged, ` +
          `${check.entries} entries, outbox applied ${check.applied}, ${seconds.toFixed(1)} s, seed ${seed}`,
      );

      expect(log.unexpected).toEqual([]);
      // Nearly every round kills with writes in flight (20 of the default 22).
      expect(kills).toBeGreaterThanOrEqual(Math.ceil(rounds * 0.9));
      expect(inFlightKills).toBeGreaterThanOrEqual(Math.ceil(rounds * 0.9));
      if (target.dataDir) expect(staleLocksTaken).toBe(kills);
      // Every acknowledged write is there, and nothing else is (every unknown was retried).
      expect(log.unknown).toEqual([]);
      expect([...check.keys].sort()).toEqual([...log.acknowledged.keys()].sort());
      // None half-written: each entry has all its lines, summing to its amount.
      expect(check.halfWritten).toEqual([]);
      // Exactly one event per entry, applied exactly once, never handed over twice.
      expect(check.eventsNotOne).toEqual([]);
      expect(check.notAppliedOnce).toEqual([]);
      expect(check).toMatchObject({ pendingOutbox: 0, deadOutbox: 0, applied: check.entries, orphans: 0, redeliveries: 0, total: check.sumAmounts });
      const expected = [...log.acknowledged.values()].reduce((sum, e) => sum + e.amount, 0);
      expect(check.sumAmounts).toBe(expected);

      expect(await final.stop()).toBe(0);
    } catch (err) {
      if (child) (err as Error).message += `\nlast service stderr:\n${child.stderr()}`;
      throw err;
    } finally {
      await child?.kill();
      await target.dispose();
    }
  });
});

// Polls the check route until the outbox has delivered everything (or a minute passed).
async function drained(url: string): Promise<LedgerCheck> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${url}/api/ledger/check`);
    const check = (await res.json()) as LedgerCheck;
    if (check.pendingOutbox === 0 || Date.now() > deadline) return check;
    await sleep(100);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
