import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from './kernel.js';

/** An outbox event as the live feed passes it on. */
export interface LiveEvent {
  id: number;
  cityCode: string;
  topic: string;
  payload: Record<string, unknown>;
}

/** A process's view of the outbox as a stream: every copy polls the shared table by a cursor. */
export interface LiveFeed {
  /** Calls `fn` with each poll's new events; returns the unsubscribe function. */
  subscribe(fn: (events: LiveEvent[]) => void): () => void;
  stop(): void;
}

// Ids of a sequence can commit out of order on PostgreSQL: a small look-back window, with
// the ids already seen, catches an event whose transaction committed after a later one's.
const lookback = 200;

/**
 * A live feed over the transactional outbox (`core_outbox`): while anyone listens, it polls
 * every `pollMs` for events after its cursor. It works the same on PGlite and on PostgreSQL
 * with many service copies, since every copy reads the one table the changes are written to.
 */
export function createLiveFeed({ db, pollMs = 1000, batch = 500, onError }: { db: Kernel['db']; pollMs?: number; batch?: number; onError?: (err: unknown) => void }): LiveFeed {
  const listeners = new Set<(events: LiveEvent[]) => void>();
  let cursor: number | null = null;
  const seen = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const poll = async () => {
    if (running) return;
    running = true;
    try {
      if (cursor === null) {
        const row = await db.selectFrom('core_outbox').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
        const max = Number(row?.max ?? 0);
        const recent = await db.selectFrom('core_outbox').select('id').where('id', '>', max - lookback).execute();
        for (const r of recent) seen.add(r.id);
        cursor = max;
        return;
      }
      const from: number = cursor;
      const rows = await db.selectFrom('core_outbox').select(['id', 'city_code', 'topic', 'payload']).where('id', '>', from - lookback).orderBy('id').limit(batch + lookback).execute();
      const events: LiveEvent[] = [];
      for (const r of rows) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        events.push({ id: r.id, cityCode: r.city_code, topic: r.topic, payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown> });
      }
      const next = rows.reduce((m, r) => Math.max(m, r.id), from);
      cursor = next;
      for (const id of seen) if (id <= next - lookback) seen.delete(id);
      if (events.length) for (const fn of listeners) fn(events);
    } catch (err) {
      onError?.(err);
    } finally {
      running = false;
    }
  };

  return {
    subscribe(fn) {
      listeners.add(fn);
      if (!timer) {
        void poll();
        timer = setInterval(() => void poll(), pollMs);
        timer.unref();
      }
      return () => {
        listeners.delete(fn);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
          cursor = null;
          seen.clear();
        }
      };
    },
    stop() {
      listeners.clear();
      clearInterval(timer);
      timer = undefined;
    },
  };
}

interface LiveState {
  feed: LiveFeed;
  streams: Set<() => void>;
}
const states = new WeakMap<Kernel, LiveState>();

/** The kernel's one live feed (created on first use); `closeLive` ends it with the service. */
export function liveFeed(k: Kernel): LiveState {
  let s = states.get(k);
  if (!s) {
    s = { feed: createLiveFeed({ db: k.db, pollMs: Math.min(k.config.outboxPollMs, 1000), onError: (err) => k.logger.warn({ err: (err as Error).message }, 'live feed poll failed') }), streams: new Set() };
    states.set(k, s);
  }
  return s;
}

/** Ends every open live stream and stops the feed: the server calls it before it closes. */
export function closeLive(k: Kernel): void {
  const s = states.get(k);
  if (!s) return;
  for (const end of [...s.streams]) end();
  s.feed.stop();
}

/**
 * Answers a request with a server-sent event stream of the feed: `project` turns each
 * poll's events into what this client may see (null: nothing), sent as one `message`.
 * A comment line every `heartbeatMs` keeps proxies from closing an idle stream.
 */
export function sendLiveStream(k: Kernel, req: FastifyRequest, reply: FastifyReply, project: (events: LiveEvent[]) => unknown, { heartbeatMs = 15_000 } = {}): void {
  const state = liveFeed(k);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': req.id,
  });
  res.write(`retry: 3000\nevent: ready\ndata: {}\n\n`);
  const unsubscribe = state.feed.subscribe((events) => {
    const data = project(events);
    if (data !== null && data !== undefined) res.write(`data: ${JSON.stringify(data)}\n\n`);
  });
  const beat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
  beat.unref();
  const end = () => {
    clearInterval(beat);
    unsubscribe();
    state.streams.delete(end);
    if (!res.writableEnded) res.end();
  };
  state.streams.add(end);
  req.raw.on('close', end);
}
