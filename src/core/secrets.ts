import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from './errors.js';
import type { Config } from './config.js';

/** The service's secrets: the cookie-signing secret and the personal-data keys. */
export interface Secrets {
  secret: string;
  /** `kid:base64key,…`, the first one encrypts, all of them decrypt. */
  piiKeys: string;
  piiHashKey: string;
}

/**
 * The secrets from the environment; in embedded mode, any missing one is generated once
 * into `<dataDir>/secrets.json` (mode 0600) and reused. With DATABASE_URL they are required,
 * since several copies must share them.
 */
export async function loadSecrets(config: Config): Promise<Secrets> {
  if (!config.embedded) {
    const missing = (['secret', 'piiKeys', 'piiHashKey'] as const).filter((k) => !config[k]);
    if (missing.length) {
      const names = { secret: 'CITYWORK_SECRET', piiKeys: 'CITYWORK_PII_KEYS', piiHashKey: 'CITYWORK_PII_HASH_KEY' };
      throw new AppError(
        'invalid',
        `${missing.map((k) => names[k]).join(', ')} must be set when DATABASE_URL is: every copy of the service needs the same secrets. ` +
          `Generate them with \`citywork secrets\`.`,
        { field: names[missing[0]!] },
      );
    }
    return { secret: config.secret!, piiKeys: config.piiKeys!, piiHashKey: config.piiHashKey! };
  }
  const file = path.join(config.dataDir, 'secrets.json');
  let stored: Partial<Secrets> = {};
  try {
    stored = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<Secrets>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new AppError('invalid', `cannot read ${file}: ${(err as Error).message}`);
  }
  const fresh = generateSecrets();
  const secrets: Secrets = {
    secret: config.secret ?? stored.secret ?? fresh.secret,
    piiKeys: config.piiKeys ?? stored.piiKeys ?? fresh.piiKeys,
    piiHashKey: config.piiHashKey ?? stored.piiHashKey ?? fresh.piiHashKey,
  };
  if (!stored.secret || !stored.piiKeys || !stored.piiHashKey) {
    await fs.mkdir(config.dataDir, { recursive: true });
    await fs.writeFile(file, JSON.stringify({ ...fresh, ...stored }, null, 2) + '\n', { mode: 0o600 });
  }
  return secrets;
}

/** A new set of secrets, each 256 bits. */
export function generateSecrets(): Secrets {
  return {
    secret: randomBytes(32).toString('base64url'),
    piiKeys: `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}:${randomBytes(32).toString('base64')}`,
    piiHashKey: randomBytes(32).toString('base64url'),
  };
}
