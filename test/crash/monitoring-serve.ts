// Serves regions + monitoring for the crash suite: `node --import tsx test/crash/monitoring-serve.ts`.
// On the first start it imports the toy monitoring pack for the configured city; every start makes
// a fresh admin token and prints {"listening":"http://…","mqtt":"mqtt://…","token":"…"} once MQTT
// telemetry is being taken (the embedded broker listens, or the external broker's consumer runs).
import { promises as fs } from 'node:fs';
import { loadConfig } from '../../src/core/config.js';
import { createLogger } from '../../src/core/logger.js';
import { createService } from '../../src/server.js';
import { systemContext } from '../../src/core/context.js';
import { importPack } from '../../src/core/pack.js';
import { createToken } from '../../src/core/auth/tokens.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { brokerInfo, monitoringModule, startMqtt } from '../../src/modules/monitoring/index.js';
import { writeMonitoringPack } from '../api/monitoring-support.js';

const config = loadConfig();
const logger = createLogger({ level: config.logLevel, destination: process.stderr });
const service = await createService({ config, modules: [regionsModule, monitoringModule], logger });
const k = service.kernel;
const ctx = systemContext(config.cityCode, 'crash-suite');
const imported = await k.db.selectFrom('core_pack_imports').select('id').limit(1).executeTakeFirst();
if (!imported) {
  const dir = await writeMonitoringPack({ cityCode: config.cityCode, withRegions: false });
  await importPack(k, ctx, dir, service.packLoaders);
  await fs.rm(dir, { recursive: true, force: true });
}
const { token } = await createToken(k, ctx, { kind: 'api', name: 'crash-admin', roles: ['admin'] });
const url = await service.listen();
await startMqtt(k);
// An external broker keeps messages for our session only once it holds our subscription.
for (let i = 0; i < 200 && brokerInfo(k).state === 'connecting'; i++) await new Promise((r) => setTimeout(r, 50));
const mqtt = brokerInfo(k);
if (mqtt.state === 'failed') throw new Error(`MQTT did not start: ${mqtt.error}`);
process.stdout.write(JSON.stringify({ listening: url, pid: process.pid, token, mqtt: mqtt.url }) + '\n');

process.once('SIGTERM', () => {
  void service.stop().then(
    () => process.exit(0),
    (err) => {
      logger.error({ err }, 'stop failed');
      process.exit(1);
    },
  );
});
