import { randomFillSync } from 'node:crypto';

// Many small `randomBytes` calls cost a system call each; ids and IVs are drawn from a
// pool refilled 8 KiB at a time from the same CSPRNG (as Node does for randomUUID).
const pool = Buffer.alloc(8192);
let offset = pool.length;

/** `n` (≤ 256) cryptographically random bytes, in a buffer of their own. */
export function randomBytesPooled(n: number): Buffer {
  if (n > 256) throw new Error('randomBytesPooled serves at most 256 bytes');
  if (offset + n > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + n));
  offset += n;
  return out;
}
