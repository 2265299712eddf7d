import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Kernel } from './kernel.js';
import { systemContext } from './context.js';
import { createUser } from './auth/users.js';
import type { Role } from './auth/policy.js';

/**
 * One demo account per role, working for the Beijing pack's organisations: the hotline's
 * operator and dispatcher at the city's 12345 centre, a handler at 朝阳区建外街道 (a street
 * office), the 朝阳区 12345 centre that supervises it (approves its extensions), and the gas
 * company's crew, which gets the gas leaks (from callers or from methane alarms).
 */
const demoAccounts: { username?: string; role: Role; displayName: string; orgId?: string; jurisdiction?: string[] }[] = [
  { role: 'admin', displayName: '系统管理员 Administrator' },
  { role: 'operator', displayName: '12345话务员 Hotline operator', orgId: '110000-12345' },
  { role: 'dispatcher', displayName: '派单员 Dispatcher', orgId: '110000-12345' },
  { role: 'handler', displayName: '建外街道承办人 Jianwai street office handler', orgId: '110105001-street', jurisdiction: ['110105001'] },
  { username: 'supervisor', role: 'handler', displayName: '朝阳区12345分中心 Chaoyang 12345 centre', orgId: '110105-12345', jurisdiction: ['110105'] },
  // A utility's crew: the catalog sends gas leaks (a citizen's call or a methane alarm) to it.
  { username: 'gas', role: 'handler', displayName: '北京燃气集团抢修 Beijing Gas emergency crew', orgId: '110000-gas', jurisdiction: ['110000'] },
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
    const username = account.username ?? account.role;
    await createUser(k, ctx, { username, displayName: account.displayName, password, roles: [account.role], orgId: account.orgId, jurisdiction: account.jurisdiction });
    logins.push({ username, password, role: account.role });
  }
  await fs.mkdir(k.config.dataDir, { recursive: true });
  await fs.writeFile(file, JSON.stringify(logins, null, 2) + '\n', { mode: 0o600 });
  return logins;
}
