// Serves the ledger module for the crash suite: `node --import tsx test/crash/serve-ledger.ts`.
// Settings come from the environment (DATABASE_URL or CITYWORK_DATA_DIR, PORT, secrets);
// prints {"listening":"http://localhost:…"} on stdout once it answers, and stops on SIGTERM.
import { loadConfig } from '../../src/core/config.js';
import { createLogger } from '../../src/core/logger.js';
import { createService } from '../../src/server.js';
import { ledgerModule } from './ledger-module.js';

const config = loadConfig();
// Logs go to stderr, so stdout carries only the one line the suite waits for.
const logger = createLogger({ level: config.logLevel, destination: process.stderr });
const service = await createService({ config, modules: [ledgerModule], logger });
const url = await service.listen();
process.stdout.write(JSON.stringify({ listening: url, pid: process.pid }) + '\n');

process.once('SIGTERM', () => {
  void service.stop().then(
    () => process.exit(0),
    (err) => {
      logger.error({ err }, 'stop failed');
      process.exit(1);
    },
  );
});
