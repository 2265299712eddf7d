import { fdatasync, promises as fs, writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../core/logger.js';
import { decodeFrames, encodeFrame, type WalMessage } from './wal-codec.js';

/**
 * The ingest's write-ahead log: messages are appended to a local file and fsync'd in groups
 * before they are acknowledged, so a crash between the acknowledgement and the database commit
 * loses nothing — the next start replays them. A group is whatever arrived while the previous
 * group was being written, and at least `minGroupMs` after it began: one message alone under
 * light load, thousands under heavy. Each group costs the event loop ≈ 65–80 µs (the write and
 * the flush handed to libuv's threads and back) whatever its size, and a flush here takes
 * ≈ 0.25 ms: without the spacing, 10,000 messages/s came in ~3,000 groups of three a second.
 * Segments are deleted once every message in them is committed.
 */
export interface Wal {
  /** Messages the previous run left uncommitted, oldest first: commit them before new ones. */
  recovered: WalEntry[];
  /** Appends a message; `onDurable` is called once it is on disk (or with the error that stopped it). */
  append(message: WalMessage, onDurable: (err?: Error) => void): WalEntry;
  /** Marks entries committed to the database; a segment with nothing left is deleted. */
  release(entries: readonly WalEntry[]): void;
  stats(): WalStats;
  /** Writes what is queued, closes the file, deletes what is fully committed. */
  close(): Promise<void>;
}

/** A message in the log, and where: `ref` (segment and offset) is stable across restarts. */
export interface WalEntry {
  ref: string;
  message: WalMessage;
  segment: Segment;
}

export interface WalStats {
  segments: number;
  bytes: number;
  /** Messages written but not yet committed. */
  uncommitted: number;
  groups: number;
  largestGroup: number;
  lastSyncMs: number;
}

interface Segment {
  name: string;
  file: string;
  handle: FileHandle | null;
  size: number;
  written: number;
  uncommitted: number;
  sealed: boolean;
  deleted: boolean;
}

export interface WalOptions {
  dir: string;
  logger: Logger;
  /** A segment is sealed and a new one begun past this size. */
  maxSegmentBytes?: number;
  /** A fully committed active segment is replaced past this size, so the file does not grow while idle. */
  recycleBytes?: number;
  /** Told of every group written: how many messages, in how many seconds. */
  onGroup?: (messages: number, seconds: number) => void;
  /** A group begins at least this long after the one before began (2 ms; 0: at once). */
  minGroupMs?: number;
}

/** Opens the log in `dir` (one process at a time: the caller holds its lock), reading what a previous run left. */
export async function openWal({ dir, logger, maxSegmentBytes = 64 * 1024 * 1024, recycleBytes = 4 * 1024 * 1024, onGroup = () => {}, minGroupMs = 2 }: WalOptions): Promise<Wal> {
  await fs.mkdir(dir, { recursive: true });
  const segments: Segment[] = [];
  const recovered: WalEntry[] = [];
  const names = (await fs.readdir(dir)).filter((f) => f.endsWith('.wal')).sort();
  for (const name of names) {
    const file = path.join(dir, name);
    const data = await fs.readFile(file);
    const { frames, torn } = decodeFrames(data);
    if (torn !== null) logger.warn({ file, bytesIgnored: data.length - torn }, 'write-ahead log ends in a torn or damaged frame; what follows it was never acknowledged');
    const segment: Segment = { name, file, handle: null, size: data.length, written: data.length, uncommitted: frames.length, sealed: true, deleted: false };
    segments.push(segment);
    for (const f of frames) recovered.push({ ref: `${name}:${f.offset}`, message: f.message, segment });
  }
  if (recovered.length) logger.info({ messages: recovered.length, segments: segments.length }, 'replaying the write-ahead log');

  // Names sort in the order segments were begun, also across restarts (and a clock set back).
  let sequence = 0;
  const lastMs = Number(names.at(-1)?.slice(0, 15) ?? 0) || 0;
  const startMs = Math.max(Date.now(), lastMs + 1);
  const newSegment = (): Segment => {
    const name = `${String(startMs).padStart(15, '0')}-${String(++sequence).padStart(9, '0')}.wal`;
    const s: Segment = { name, file: path.join(dir, name), handle: null, size: 0, written: 0, uncommitted: 0, sealed: false, deleted: false };
    segments.push(s);
    return s;
  };
  let active = newSegment();
  let queue: { segment: Segment; frame: Buffer }[] = [];
  let callbacks: ((err?: Error) => void)[] = [];
  let flushing: Promise<void> | null = null;
  const stats = { groups: 0, largestGroup: 0, lastSyncMs: 0 };

  const rotate = () => {
    active.sealed = true;
    active = newSegment();
  };

  async function writeGroup(group: { segment: Segment; frame: Buffer }[]): Promise<void> {
    let i = 0;
    while (i < group.length) {
      const segment = group[i]!.segment;
      const frames: Buffer[] = [];
      while (i < group.length && group[i]!.segment === segment) frames.push(group[i++]!.frame);
      if (!segment.handle) {
        segment.handle = await fs.open(segment.file, 'a');
        await syncDir(dir);
      }
      const data = frames.length === 1 ? frames[0]! : Buffer.concat(frames);
      // The write itself in this thread: it only copies into the page cache (~5 µs for a group),
      // where the promise API's round trip through libuv's threads cost the event loop ~40 µs.
      // The flush, which waits for the disk, still goes to a thread.
      const fd = segment.handle.fd;
      for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
      await new Promise<void>((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
      segment.written += data.length;
    }
  }

  let groupBegan = -Infinity;
  async function flush(): Promise<void> {
    while (queue.length) {
      const wait = groupBegan + minGroupMs - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      groupBegan = performance.now();
      const group = queue;
      const waiting = callbacks;
      queue = [];
      callbacks = [];
      const started = performance.now();
      try {
        await writeGroup(group);
      } catch (err) {
        logger.error({ err: (err as Error).message }, 'write-ahead log write failed; starting a new segment');
        // What follows the failed write in this segment is unreadable: never append after it.
        if (group.some((g) => g.segment === active)) rotate();
        for (const g of group) g.segment.written = g.segment.size;
        waiting.forEach((cb) => cb(err as Error));
        continue;
      }
      stats.groups++;
      stats.largestGroup = Math.max(stats.largestGroup, waiting.length);
      stats.lastSyncMs = performance.now() - started;
      onGroup(waiting.length, stats.lastSyncMs / 1000);
      waiting.forEach((cb) => cb());
      await tidy();
    }
  }

  // Closes and deletes segments that are sealed, fully written and fully committed.
  async function tidy(): Promise<void> {
    if (!active.sealed && active.uncommitted === 0 && active.size >= recycleBytes && active.written === active.size && queue.length === 0) rotate();
    for (const s of segments) {
      if (s.deleted || !s.sealed || s.uncommitted > 0 || s.written < s.size) continue;
      s.deleted = true;
      await s.handle?.close().catch(() => {});
      s.handle = null;
      await fs.rm(s.file, { force: true }).catch((err) => logger.warn({ err: (err as Error).message, file: s.file }, 'could not delete a committed write-ahead segment'));
    }
    for (let i = segments.length - 1; i >= 0; i--) if (segments[i]!.deleted) segments.splice(i, 1);
  }

  // One worker writes groups and tidies segments, so the two never touch a file at once.
  let tidyWanted = false;
  const kick = () => {
    if (flushing) return;
    flushing = (async () => {
      await flush();
      if (tidyWanted) {
        tidyWanted = false;
        await tidy();
      }
    })()
      .catch((err) => logger.warn({ err: (err as Error).message }, 'write-ahead log upkeep failed'))
      .finally(() => {
        flushing = null;
        if (queue.length || tidyWanted) kick();
      });
  };

  return {
    recovered,
    append(message, onDurable) {
      const frame = encodeFrame(message);
      if (active.size > 0 && active.size + frame.length > maxSegmentBytes) rotate();
      const entry: WalEntry = { ref: `${active.name}:${active.size}`, message, segment: active };
      active.size += frame.length;
      active.uncommitted++;
      queue.push({ segment: active, frame });
      callbacks.push(onDurable);
      kick();
      return entry;
    },
    release(entries) {
      for (const e of entries) e.segment.uncommitted--;
      tidyWanted = true;
      kick();
    },
    stats: () => ({
      segments: segments.length,
      bytes: segments.reduce((sum, s) => sum + s.size, 0),
      uncommitted: segments.reduce((sum, s) => sum + s.uncommitted, 0),
      ...stats,
    }),
    async close() {
      while (flushing) await flushing;
      active.sealed = true;
      await tidy();
      for (const s of segments) await s.handle?.close().catch(() => {});
    },
  };
}

// A new file's name must reach the disk too, or a power cut could lose the whole segment.
async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems do not sync directories; the data itself is synced.
  } finally {
    await handle.close();
  }
}
