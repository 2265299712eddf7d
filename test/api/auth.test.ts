import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../support/service.js';
import { testDrivers } from '../support/db.js';
import { bearer, seedToken, seedUser, signIn, testPassword } from '../support/http.js';

describe.each(testDrivers())('sign-in, sessions and CSRF (%s)', (driver) => {
  let s: TestService;
  beforeAll(async () => {
    s = await testService({ driver, config: { loginMaxFailures: 3, loginLockoutMinutes: 15 } });
    await seedUser(s, 'ada', ['admin']);
    await seedUser(s, 'hana', ['handler'], { jurisdiction: ['110105'] });
    await seedUser(s, 'locky', ['operator']);
  });
  afterAll(() => s.close());

  it('signs in with an HttpOnly, SameSite=Strict, signed cookie and answers /me', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ada', password: testPassword } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'cw_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(cookie.value).toContain('.'); // signed
    const me = await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `cw_session=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().actor).toMatchObject({ label: 'ada', roles: ['admin'] });
    expect(me.json().csrfToken).toBe(res.json().csrfToken);
  });

  it('refuses a tampered cookie', async () => {
    const { cookie } = await signIn(s, 'ada');
    const tampered = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const me = await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: tampered } });
    expect(me.statusCode).toBe(401);
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const a = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ada', password: 'wrong-password!' } });
    const b = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'wrong-password!' } });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().error.message).toBe(b.json().error.message);
  });

  it('locks an account after repeated failures, and the right password does not open it', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'locky', password: 'wrong-password!' }, remoteAddress: `10.0.0.${i}` });
      expect(r.statusCode).toBe(401);
    }
    const r = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'locky', password: testPassword }, remoteAddress: '10.0.0.9' });
    expect(r.statusCode).toBe(429);
    expect(r.json().error.kind).toBe('rate_limited');
    expect(r.json().error.details.lockedUntil).toBeTruthy();
  });

  it('rate-limits one address that keeps failing', async () => {
    const t = await testService({ driver, config: { loginMaxPerIpPer10Min: 4 } });
    try {
      for (let i = 0; i < 4; i++) await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `u${i}`, password: 'wrong-password!' }, remoteAddress: '10.9.9.9' });
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x', password: 'wrong-password!' }, remoteAddress: '10.9.9.9' });
      expect(r.statusCode).toBe(429);
      expect(r.headers['retry-after']).toBe('600');
      const other = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x', password: 'wrong-password!' }, remoteAddress: '10.9.9.10' });
      expect(other.statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('needs the CSRF token for unsafe requests made with the cookie', async () => {
    const { cookie, csrf } = await signIn(s, 'ada');
    const payload = { username: 'newbie', displayName: 'Newbie', password: 'a-long-password', roles: ['analyst'] };
    const without = await s.app.inject({ method: 'POST', url: '/api/core/users', headers: { cookie }, payload });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.field).toBe('x-csrf-token');
    const wrong = await s.app.inject({ method: 'POST', url: '/api/core/users', headers: { cookie, 'x-csrf-token': 'nope' }, payload });
    expect(wrong.statusCode).toBe(403);
    const ok = await s.app.inject({ method: 'POST', url: '/api/core/users', headers: { cookie, 'x-csrf-token': csrf }, payload });
    expect(ok.statusCode).toBe(201);
  });

  it('ends the session on logout and on disabling the account', async () => {
    const h = await signIn(s, 'hana');
    expect((await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: h.headers })).statusCode).toBe(200);
    const out = await s.app.inject({ method: 'POST', url: '/api/auth/logout', headers: h.headers });
    expect(out.statusCode).toBe(204);
    expect((await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: h.headers })).statusCode).toBe(401);

    const again = await signIn(s, 'hana');
    const admin = await signIn(s, 'ada');
    const dis = await s.app.inject({ method: 'POST', url: '/api/core/users/hana/disable', headers: admin.headers });
    expect(dis.statusCode).toBe(200);
    expect((await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: again.headers })).statusCode).toBe(401);
    const relogin = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'hana', password: testPassword } });
    expect(relogin.statusCode).toBe(401);
    await s.app.inject({ method: 'POST', url: '/api/core/users/hana/enable', headers: admin.headers });
  });

  it('accepts bearer tokens without CSRF, and stops them when revoked', async () => {
    const token = await seedToken(s, { roles: ['admin'] });
    const list = await s.app.inject({ method: 'GET', url: '/api/core/tokens', headers: bearer(token) });
    expect(list.statusCode).toBe(200);
    expect(JSON.stringify(list.json())).not.toContain(token);
    const mine = (list.json().tokens as { id: string; hint: string }[]).find((t) => token.startsWith(t.hint.replace('…', '')))!;
    const revoke = await s.app.inject({ method: 'POST', url: `/api/core/tokens/${mine.id}/revoke`, headers: bearer(token) });
    expect(revoke.statusCode).toBe(200);
    const after = await s.app.inject({ method: 'GET', url: '/api/core/tokens', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
  });

  it('stops a token that acts as a disabled user', async () => {
    const id = await seedUser(s, 'integ', ['engineer']);
    const token = await seedToken(s, { userId: id });
    expect((await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).statusCode).toBe(200);
    const admin = await signIn(s, 'ada');
    await s.app.inject({ method: 'POST', url: '/api/core/users/integ/disable', headers: admin.headers });
    expect((await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('stores tokens only as SHA-256 hashes and passwords only as scrypt hashes', async () => {
    const token = await seedToken(s, { roles: ['analyst'] });
    const rows = await s.kernel.db.selectFrom('core_api_tokens').select('token_hash').execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
    const users = await s.kernel.db.selectFrom('core_users').select('password_hash').execute();
    expect(users.every((u) => u.password_hash.startsWith('scrypt$'))).toBe(true);
  });

  it('writes an audit record for every state change, with actor and address', async () => {
    const admin = await signIn(s, 'ada');
    await s.app.inject({
      method: 'POST',
      url: '/api/core/users',
      headers: admin.headers,
      payload: { username: 'audited', displayName: 'A', password: 'a-long-password', roles: ['engineer'] },
      remoteAddress: '192.0.2.7',
    });
    const res = await s.app.inject({ method: 'GET', url: '/api/core/audit?action=core.user.created&limit=5', headers: admin.headers });
    const entry = (res.json().entries as { actor: string; ip: string; after: { username: string }; requestId: string }[]).find((e) => e.after.username === 'audited')!;
    expect(entry).toMatchObject({ actor: 'ada', ip: '192.0.2.7' });
    expect(entry.requestId).toMatch(/^req_/);
    expect(JSON.stringify(res.json())).not.toContain('a-long-password');
  });
});
