// Serves regions + hotline on the toy city for the crash suite: `node --import tsx test/crash/serve-hotline.ts`.
// On the first start it imports the toy pack; every start makes a fresh operator token and
// prints {"listening":"http://…","token":"…"} on stdout once it answers.
import { promises as fs } from 'node:fs';
import { loadConfig } from '../../src/core/config.js';
import { createLogger } from '../../src/core/logger.js';
import { createService } from '../../src/server.js';
import { systemContext } from '../../src/core/context.js';
import { importPack } from '../../src/core/pack.js';
import { createUser } from '../../src/core/auth/users.js';
import { createToken } from '../../src/core/auth/tokens.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { hotlineModule } from '../../src/modules/hotline/index.js';
import { writeToyPack } from '../support/hotline.js';

const config = loadConfig();
const logger = createLogger({ level: config.logLevel, destination: process.stderr });
const service = await createService({ config, modules: [regionsModule, hotlineModule], logger });
const k = service.kernel;
const ctx = systemContext(config.cityCode, 'crash-suite');
const imported = await k.db.selectFrom('core_pack_imports').select('id').limit(1).executeTakeFirst();
if (!imported) {
  const dir = await writeToyPack();
  await importPack(k, ctx, dir, service.packLoaders);
  await fs.rm(dir, { recursive: true, force: true });
}
// One operator across restarts: an Idempotency-Key is the operator's own, so a retry after a
// crash must come from the same account to find its first answer.
const username = 'crash-operator';
const exists = await k.db.selectFrom('core_users').select('id').where('username', '=', username).executeTakeFirst();
if (!exists) await createUser(k, ctx, { username, displayName: username, password: 'crash-suite-password', roles: ['operator'], orgId: '110000-12345' });
const { token } = await createToken(k, ctx, { kind: 'api', name: username, userId: username });
const url = await service.listen();
process.stdout.write(JSON.stringify({ listening: url, pid: process.pid, token }) + '\n');

process.once('SIGTERM', () => {
  void service.stop().then(
    () => process.exit(0),
    (err) => {
      logger.error({ err }, 'stop failed');
      process.exit(1);
    },
  );
});
