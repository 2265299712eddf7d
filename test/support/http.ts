import type { TestService } from './service.js';
import { createUser } from '../../src/core/auth/users.js';
import { createToken } from '../../src/core/auth/tokens.js';

export const testPassword = 'correct-horse-battery';

/** Creates an account directly (as the system) and returns its id. */
export async function seedUser(s: TestService, username: string, roles: string[], { jurisdiction = [] as string[], orgId = null as string | null } = {}): Promise<string> {
  const u = await createUser(s.kernel, s.system, { username, displayName: username, password: testPassword, roles, jurisdiction, orgId });
  return u.id;
}

/** A bearer token for a new API token with the given roles (or acting as a user). */
export async function seedToken(s: TestService, { roles, userId }: { roles?: string[]; userId?: string }): Promise<string> {
  const { token } = await createToken(s.kernel, s.system, { kind: 'api', name: `test-${Math.random().toString(36).slice(2)}`, roles, userId });
  return token;
}

/** Signs in through the API; returns the headers a browser would then send. */
export async function signIn(s: TestService, username: string, password = testPassword): Promise<{ cookie: string; csrf: string; headers: Record<string, string> }> {
  const res = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === 'cw_session');
  if (!setCookie) throw new Error('no session cookie');
  const cookie = `cw_session=${setCookie.value}`;
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** Authorization headers for a bearer token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
