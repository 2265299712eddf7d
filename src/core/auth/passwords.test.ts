import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';

describe('passwords (scrypt)', () => {
  it('verifies the right password and not a wrong one', async () => {
    const h = await hashPassword('correct-horse-battery');
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct-horse-battery', h)).toBe(true);
    expect(await verifyPassword('correct-horse-batterz', h)).toBe(false);
  });
  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword('correct-horse-battery')).not.toBe(await hashPassword('correct-horse-battery'));
  });
  it('treats Unicode spellings alike (NFKC)', async () => {
    const h = await hashPassword('ｐａｓｓｗｏｒｄ１２３４');
    expect(await verifyPassword('password1234', h)).toBe(true);
  });
  it('refuses short passwords, naming the field', async () => {
    await expect(hashPassword('short')).rejects.toMatchObject({ kind: 'invalid', field: 'password' });
  });
  it('never verifies against a malformed hash', async () => expect(await verifyPassword('x', 'md5$abc')).toBe(false));
});
