import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Kernel } from './kernel.js';
import { systemContext } from './context.js';
import { createUser } from './auth/users.js';
import type { Role } from './auth/policy.js';

/** One demo account per role; the handler and the engineer work for one district only. */
const demoAccounts: { role: Role; displayName: string; jurisdiction?: string[] }[] = [
  { role: 'admin', displayName: '系统管理员 Administrator' },
  { role: 'operator', displayName: '12345话务员 Hotline operator' },
  { role: 'dispatcher', displayName: '派单员 Dispatcher' },
  { role: 'handler', displayName: '朝阳区承办人 Chaoyang handler', jurisdiction: ['110105'] },
  { role: 'assessor', displayName: '考核员 Assessor' },
  { role: 'analyst', displayName: '分析员 Analyst' },
  { role: 'engineer', displayName: '生命线工程师 Lifeline engineer' },
  { role: 'citizen', displayName: '市民 Citizen' },
];

export interface DemoLogin {
  username: string;
  password: string;
  role: string;
}

/**
 * Creates the demo accounts once (when the city has no account yet) and returns their
 * logins, kept in `<dataDir>/demo-logins.json` (mode 0600) so every start can print them.
 */
export async function ensureDemoAccounts(k: Kernel): Promise<DemoLogin[]> {
  const file = path.join(k.config.dataDir, 'demo-logins.json');
  const existing = await k.db.selectFrom('core_users').select('id').where('city_code', '=', k.config.cityCode).limit(1).executeTakeFirst();
  if (existing) {
    try {
      return JSON.parse(await fs.readFile(file, 'utf8')) as DemoLogin[];
    } catch {
      return [];
    }
  }
  const ctx = systemContext(k.config.cityCode, 'demo');
  const logins: DemoLogin[] = [];
  for (const account of demoAccounts) {
    const password = `demo-${randomBytes(6).toString('base64url')}`;
    await createUser(k, ctx, { username: account.role, displayName: account.displayName, password, roles: [account.role], jurisdiction: account.jurisdiction });
    logins.push({ username: account.role, password, role: account.role });
  }
  await fs.mkdir(k.config.dataDir, { recursive: true });
  await fs.writeFile(file, JSON.stringify(logins, null, 2) + '\n', { mode: 0o600 });
  return logins;
}
