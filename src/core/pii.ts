import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { randomBytesPooled } from './random.js';
import { AppError } from './errors.js';

/** Field-level encryption of personal data: AES-256-GCM, key id stored with the ciphertext. */
export interface Pii {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** A keyed hash (HMAC-SHA-256) of a phone number, to find a caller's history without decrypting. */
  hashPhone(phone: string): string;
  /** The id of the key new values are encrypted with. */
  currentKeyId: string;
}

/**
 * Builds the PII helper from `CITYWORK_PII_KEYS` (`kid:base64key,…`; the first encrypts,
 * every one decrypts, so keys rotate by putting a new one first) and the hash key.
 */
export function createPii({ keys, hashKey }: { keys: string; hashKey: string }): Pii {
  const ring = parseKeys(keys);
  const [currentKeyId, currentKey] = ring[0]!;
  const byId = new Map(ring);
  return {
    currentKeyId,
    encrypt(plain) {
      const iv = randomBytesPooled(12);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      cipher.setAAD(Buffer.from(currentKeyId));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['pii1', currentKeyId, iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    decrypt(sealed) {
      const parts = sealed.split('.');
      if (parts.length !== 5 || parts[0] !== 'pii1') throw new AppError('invalid', 'not an encrypted personal-data value');
      const [, kid, iv, ct, tag] = parts as [string, string, string, string, string];
      const key = byId.get(kid);
      if (!key) throw new AppError('unavailable', `personal-data key ${kid} is not configured (CITYWORK_PII_KEYS)`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(kid));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
    hashPhone(phone) {
      return createHmac('sha256', hashKey).update(normalisePhone(phone)).digest('base64url');
    },
  };
}

/** Whether a stored value was sealed with a key other than the current one (to re-encrypt). */
export function sealedKeyId(sealed: string): string | undefined {
  return sealed.startsWith('pii1.') ? sealed.split('.')[1] : undefined;
}

/** A phone number reduced to its digits, without China's +86 / 0086 prefix. */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/[^\d]/g, '');
  return digits.replace(/^(0086|86)(?=1\d{10}$)/, '');
}

/** `13812341234` → `138****1234`: the first three and last four digits stay; short numbers keep their last two. */
export function maskPhone(phone: string): string {
  const d = normalisePhone(phone);
  if (d.length > 7) return `${d.slice(0, 3)}${'*'.repeat(d.length - 7)}${d.slice(-4)}`;
  return d.length > 2 ? `${'*'.repeat(d.length - 2)}${d.slice(-2)}` : '*'.repeat(d.length);
}

/** `张伟` → `张*`, `欧阳娜娜` → `欧***`, `Wei Zhang` → `W** Z****`. */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '';
  if (/[\u4e00-\u9fff]/.test(trimmed)) return trimmed[0] + '*'.repeat(Math.max(1, [...trimmed].length - 1));
  return trimmed
    .split(/\s+/)
    .map((w) => w[0] + '*'.repeat(Math.max(1, w.length - 1)))
    .join(' ');
}

function parseKeys(keys: string): [string, Buffer][] {
  const ring = keys
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry): [string, Buffer] => {
      const i = entry.indexOf(':');
      if (i < 1) throw new AppError('invalid', 'CITYWORK_PII_KEYS entries must be kid:base64key', { field: 'CITYWORK_PII_KEYS' });
      const kid = entry.slice(0, i);
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(kid)) throw new AppError('invalid', `CITYWORK_PII_KEYS: bad key id ${kid}`, { field: 'CITYWORK_PII_KEYS' });
      const key = Buffer.from(entry.slice(i + 1), 'base64');
      if (key.length !== 32) throw new AppError('invalid', `CITYWORK_PII_KEYS: key ${kid} must be 32 bytes (base64)`, { field: 'CITYWORK_PII_KEYS' });
      return [kid, key];
    });
  if (!ring.length) throw new AppError('invalid', 'CITYWORK_PII_KEYS holds no key', { field: 'CITYWORK_PII_KEYS' });
  return ring;
}
