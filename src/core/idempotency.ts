import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { AppError } from './errors.js';
import type { CoreTables } from './db/tables.js';
import type { Kernel } from './kernel.js';
import type { RequestContext } from './context.js';

/** A key as clients send it in the `Idempotency-Key` header (IETF draft-ietf-httpapi-idempotency-key-header). */
export function checkIdempotencyKey(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new AppError('invalid', 'Idempotency-Key must be 1 to 255 printable ASCII characters', { field: 'Idempotency-Key' });
  }
  return value;
}

export interface IdempotentResult<T> {
  status: number;
  body: T;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

/**
 * Runs a create once per key. The key is claimed in the same transaction as the create: a
 * replay (same actor, scope and key) returns the first answer; a second request racing the
 * first waits for it on the key's row and then returns its answer; the same key with a
 * different request is a conflict. Without a key, `run` simply runs in a transaction.
 */
export async function idempotent<T>(
  k: Kernel,
  ctx: RequestContext,
  opts: { scope: string; key: string | null; request: unknown },
  run: (trx: Transaction<CoreTables>) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  if (!opts.key) return { ...(await k.transaction(run)), replayed: false };
  const actorId = ctx.actor?.id ?? 'anonymous';
  const hash = createHash('sha256').update(stableJson(opts.request)).digest('hex');
  return k.transaction(async (trx) => {
    const claimed = await trx
      .insertInto('core_idempotency')
      .values({ city_code: ctx.cityCode, scope: opts.scope, key: opts.key!, actor_id: actorId, request_hash: hash, status_code: 0, response: 'null' })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) {
      const prior = await trx
        .selectFrom('core_idempotency')
        .select(['request_hash', 'status_code', 'response'])
        .where('city_code', '=', ctx.cityCode)
        .where('scope', '=', opts.scope)
        .where('actor_id', '=', actorId)
        .where('key', '=', opts.key!)
        .executeTakeFirstOrThrow();
      if (prior.request_hash !== hash) throw new AppError('conflict', 'this Idempotency-Key was used for a different request', { field: 'Idempotency-Key' });
      return { status: prior.status_code, body: prior.response as T, replayed: true };
    }
    const result = await run(trx);
    await trx
      .updateTable('core_idempotency')
      .set({ status_code: result.status, response: JSON.stringify(result.body) })
      .where('city_code', '=', ctx.cityCode)
      .where('scope', '=', opts.scope)
      .where('actor_id', '=', actorId)
      .where('key', '=', opts.key!)
      .execute();
    return { ...result, replayed: false };
  });
}

/** Deletes keys older than `maxAgeMs` (a scheduled job); replays after that create anew. */
export async function purgeIdempotencyKeys(k: Kernel, maxAgeMs: number): Promise<number> {
  const res = await k.db.deleteFrom('core_idempotency').where('created_at', '<', new Date(k.clock.now().getTime() - maxAgeMs)).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** JSON with object keys sorted, so equal requests hash equally whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
