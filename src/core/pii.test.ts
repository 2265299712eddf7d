import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createPii, maskName, maskPhone, normalisePhone, sealedKeyId } from './pii.js';

const key = () => randomBytes(32).toString('base64');

describe('field-level encryption', () => {
  it('round-trips text, with a fresh IV each time', () => {
    const pii = createPii({ keys: `k1:${key()}`, hashKey: 'h'.repeat(32) });
    const a = pii.encrypt('13812341234');
    const b = pii.encrypt('13812341234');
    expect(a).not.toBe(b);
    expect(a.startsWith('pii1.k1.')).toBe(true);
    expect(pii.decrypt(a)).toBe('13812341234');
    expect(pii.decrypt(pii.encrypt('张伟'))).toBe('张伟');
  });

  it('rotates keys: the first key encrypts, older keys still decrypt', () => {
    const k1 = key();
    const old = createPii({ keys: `k1:${k1}`, hashKey: 'h'.repeat(32) });
    const sealed = old.encrypt('old secret');
    const rotated = createPii({ keys: `k2:${key()},k1:${k1}`, hashKey: 'h'.repeat(32) });
    expect(rotated.decrypt(sealed)).toBe('old secret');
    expect(sealedKeyId(rotated.encrypt('x'))).toBe('k2');
    expect(rotated.currentKeyId).toBe('k2');
  });

  it('detects tampering and unknown keys', () => {
    const pii = createPii({ keys: `k1:${key()}`, hashKey: 'h'.repeat(32) });
    const sealed = pii.encrypt('abc');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('xyz').toString('base64url');
    expect(() => pii.decrypt(parts.join('.'))).toThrow();
    const other = createPii({ keys: `k9:${key()}`, hashKey: 'h'.repeat(32) });
    expect(() => other.decrypt(sealed)).toThrow(/k1 is not configured/);
    expect(() => pii.decrypt('plain text')).toThrow(/not an encrypted/);
  });

  it('rejects malformed key lists, naming the variable', () => {
    expect(() => createPii({ keys: '', hashKey: 'x' })).toThrow(/CITYWORK_PII_KEYS/);
    expect(() => createPii({ keys: 'nokey', hashKey: 'x' })).toThrow(/kid:base64key/);
    expect(() => createPii({ keys: `k1:${Buffer.alloc(16).toString('base64')}`, hashKey: 'x' })).toThrow(/32 bytes/);
  });

  it('hashes phone numbers with a key, the same for every spelling of the number', () => {
    const pii = createPii({ keys: `k1:${key()}`, hashKey: 'a'.repeat(32) });
    const other = createPii({ keys: `k1:${key()}`, hashKey: 'b'.repeat(32) });
    expect(pii.hashPhone('138 1234 1234')).toBe(pii.hashPhone('+86 138-1234-1234'));
    expect(pii.hashPhone('13812341234')).toBe(pii.hashPhone('008613812341234'));
    expect(pii.hashPhone('13812341234')).not.toBe(other.hashPhone('13812341234'));
    expect(pii.hashPhone('13812341234')).not.toContain('1234');
  });
});

describe('masking', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['+86 138 1234 1234', '138****1234'],
    ['010-65123456', '010****3456'],
    ['0106512345', '010***2345'],
    ['12345', '***45'],
    ['12', '**'],
  ])('masks phone %s as %s', (input, masked) => expect(maskPhone(input)).toBe(masked));

  it.each([
    ['张伟', '张*'],
    ['欧阳娜娜', '欧***'],
    ['Wei Zhang', 'W** Z****'],
    ['', ''],
  ])('masks name %s as %s', (input, masked) => expect(maskName(input)).toBe(masked));

  it('normalises phone numbers to their digits without +86', () => {
    expect(normalisePhone('+86 (138) 1234-1234')).toBe('13812341234');
    expect(normalisePhone('010 6512 3456')).toBe('01065123456');
  });
});
