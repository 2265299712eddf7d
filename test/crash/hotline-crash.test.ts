import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testDrivers } from '../support/db.js';
import { startChildService, type ChildService } from './child-service.js';
import { freshTarget, mulberry32 } from './target.js';

// Issue 4's promise at the hotline's front door: SIGKILL the service at random moments while
// operators file requests with Idempotency-Keys; every request it answered 201 is there once,
// and a request whose answer was lost, retried with its key, is there once too — never twice.
const rounds = Number(process.env.CRASH_ROUNDS_HOTLINE ?? 8);
const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve-hotline.ts');

interface Request {
  key: string;
  body: Record<string, unknown>;
}

describe.each(testDrivers())('SIGKILL during hotline intake (%s)', (driver) => {
  it(`keeps every acknowledged request exactly once across ${rounds} kills`, { timeout: 600_000 }, async () => {
    const random = mulberry32(seed);
    const target = await freshTarget(driver);
    const acknowledged = new Map<string, string>(); // key → case id
    const unknown: Request[] = [];
    const unexpected: string[] = [];
    let replays = 0;
    let sequence = 0;
    let child: ChildService | undefined;
    const next = (): Request => {
      const key = `${driver}-${String(++sequence).padStart(5, '0')}`;
      return { key, body: { kind: 'help', category: '010101', description: `路灯不亮 ${key}`, lon: 1 + random(), lat: random(), citizen: { phone: `1380000${String(sequence % 10000).padStart(4, '0')}` }, attributes: { since: 'week' } } };
    };
    const send = async (service: ChildService, r: Request) => {
      let res: Response;
      try {
        res = await fetch(`${service.url}/api/hotline/cases`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${service.info.token as string}`, 'idempotency-key': r.key }, body: JSON.stringify(r.body) });
      } catch {
        unknown.push(r);
        return;
      }
      const text = await res.text().catch(() => '');
      if (res.status !== 201) return void unexpected.push(`${r.key}: ${res.status} ${text.slice(0, 200)}`);
      const body = JSON.parse(text) as { case: { id: string }; replayed: boolean };
      if (body.replayed) replays++;
      const before = acknowledged.get(r.key);
      if (before && before !== body.case.id) unexpected.push(`${r.key}: answered ${before}, then ${body.case.id}`);
      acknowledged.set(r.key, body.case.id);
    };
    try {
      for (let round = 0; round <= rounds; round++) {
        const service = (child = await startChildService(target.env, { script }));
        const retries = unknown.splice(0);
        // The last round kills nothing: it retries what is unknown and lets the checks read.
        if (round === rounds) {
          for (const r of retries) await send(service, r);
          break;
        }
        let halted = false;
        let inFlight = 0;
        const worker = async () => {
          while (!halted) {
            inFlight++;
            await send(service, retries.shift() ?? next()).finally(() => inFlight--);
          }
        };
        const workers = Array.from({ length: 4 }, worker);
        await sleep(100 + Math.floor(random() * 900));
        halted = true;
        await service.kill();
        await Promise.all(workers);
      }
      const final = child!;
      const headers = { authorization: `Bearer ${final.info.token as string}` };
      const stored = new Map<string, string[]>();
      let cursor: string | null = null;
      do {
        const page = (await (await fetch(`${final.url}/api/hotline/cases?limit=500${cursor ? `&cursor=${cursor}` : ''}`, { headers })).json()) as { cases: { id: string; description: string }[]; next: string | null };
        for (const c of page.cases) {
          const key = c.description.split(' ').at(-1)!;
          stored.set(key, [...(stored.get(key) ?? []), c.id]);
        }
        cursor = page.next;
      } while (cursor);
      console.log(`[hotline crash ${driver}] ${rounds} SIGKILLs, ${acknowledged.size} requests acknowledged (${replays} answered from their key after a lost answer), ${stored.size} keys stored, seed ${seed}`);
      expect(unexpected).toEqual([]);
      expect(unknown).toEqual([]);
      expect([...stored.keys()].sort()).toEqual([...acknowledged.keys()].sort());
      expect([...stored.entries()].filter(([, ids]) => ids.length !== 1)).toEqual([]);
      for (const [key, id] of acknowledged) expect(stored.get(key)).toEqual([id]);
      const timeline = (await (await fetch(`${final.url}/api/hotline/cases/${[...acknowledged.values()][0]}/timeline`, { headers })).json()) as { timeline: { action: string }[] };
      expect(timeline.timeline[0]?.action).toBe('receive');
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
