import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.js';
import { openWal, type Wal, type WalEntry } from './wal.js';
import type { WalMessage } from './wal-codec.js';

const logger = createLogger({ level: 'silent' });
const message = (i: number): WalMessage => ({ source: 'mqtt', receivedAt: 1767225600000 + i, topic: `citywork/110000/dev-${i % 7}/telemetry`, payload: Buffer.from(JSON.stringify({ ts: i, readings: [{ metric: 'level_m', value: i }] })) });

async function appendAll(wal: Wal, n: number, from = 0): Promise<WalEntry[]> {
  const durable: Promise<void>[] = [];
  const entries: WalEntry[] = [];
  for (let i = from; i < from + n; i++) durable.push(new Promise((resolve, reject) => entries.push(wal.append(message(i), (err) => (err ? reject(err) : resolve())))));
  await Promise.all(durable);
  return entries;
}

const files = async (dir: string) => (await fs.readdir(dir)).filter((f) => f.endsWith('.wal'));

describe('the write-ahead log', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-wal-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('gives back, in order and with the same refs, every durable message not committed', async () => {
    const wal = await openWal({ dir, logger });
    const entries = await appendAll(wal, 300);
    wal.release(entries.slice(0, 100));
    await wal.close();
    const again = await openWal({ dir, logger });
    expect(again.recovered.map((e) => e.ref)).toEqual(entries.map((e) => e.ref));
    expect(again.recovered.map((e) => e.message)).toEqual(entries.map((e) => e.message));
    await again.close();
  });

  it('deletes segments once everything in them is committed', async () => {
    const wal = await openWal({ dir, logger, maxSegmentBytes: 4096 });
    const entries = await appendAll(wal, 200);
    const before = (await files(dir)).length;
    expect(before).toBeGreaterThan(3);
    wal.release(entries.slice(0, 100));
    await appendAll(wal, 1, 200);
    const middle = (await files(dir)).length;
    expect(middle).toBeLessThan(before);
    wal.release(entries.slice(100));
    await wal.close();
    const again = await openWal({ dir, logger });
    // Only the segment holding the one uncommitted message is left (with its committed neighbours).
    expect(again.recovered.at(-1)!.message.receivedAt).toBe(1767225600200);
    expect(new Set(again.recovered.map((e) => e.ref.split(':')[0])).size).toBe(1);
    expect(again.recovered.length).toBeLessThan(30);
    again.release(again.recovered);
    await again.close();
    expect(await files(dir)).toEqual([]);
  });

  it('groups concurrent appends into few syncs', async () => {
    const wal = await openWal({ dir, logger });
    await appendAll(wal, 2000);
    const stats = wal.stats();
    expect(stats.groups).toBeLessThan(200);
    expect(stats.largestGroup).toBeGreaterThan(10);
    expect(stats.uncommitted).toBe(2000);
    await wal.close();
  });

  it('keeps what was acknowledged when a crash tore the last frame', async () => {
    const wal = await openWal({ dir, logger });
    const entries = await appendAll(wal, 10);
    await wal.close();
    const [file] = await files(dir);
    await fs.appendFile(path.join(dir, file!), Buffer.from([40, 0, 0, 0, 1, 2, 3]));
    const again = await openWal({ dir, logger });
    expect(again.recovered.map((e) => e.ref)).toEqual(entries.map((e) => e.ref));
    // New messages go to a new segment, never after the torn bytes.
    const more = await appendAll(again, 1, 10);
    expect(more[0]!.ref.split(':')[0]).not.toBe(file);
    await again.close();
    const third = await openWal({ dir, logger });
    expect(third.recovered).toHaveLength(11);
    await third.close();
  });
});
