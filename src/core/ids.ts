import { randomBytesPooled } from './random.js';

// Crockford base32: no I, L, O, U, so ids read aloud over the phone without confusion.
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A new id with a prefix that says what it is (`case_…`, `usr_…`): 48 bits of
 * millisecond time, so ids sort by creation, then 80 random bits.
 */
export function newId(prefix: string, at: Date = new Date()): string {
  if (!/^[a-z][a-z0-9]{1,7}$/.test(prefix)) throw new Error(`bad id prefix: ${prefix}`);
  return `${prefix}_${encodeTime(at.getTime())}${encodeRandom(16)}`;
}

/** Whether a string is an id with the given prefix. */
export function isId(value: string, prefix: string): boolean {
  return new RegExp(`^${prefix}_[0-9a-hjkmnp-tv-z]{26}$`).test(value);
}

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = alphabet[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(length: number): string {
  const bytes = randomBytesPooled(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % 32];
  return out;
}
