import { existsSync } from 'node:fs';
import path from 'node:path';

/** The variables that turn on tests of what a fresh machine lacks; under CI=true each is required. */
export const optionalServices = {
  TEST_DATABASE_URL: 'PostgreSQL (e.g. postgres://postgres@127.0.0.1:5432/test)',
  CHROMIUM_PATH: 'a Chromium for the console’s end-to-end tests (e.g. /usr/bin/chromium from Debian’s chromium package)',
  TEST_MQTT_URL: 'an MQTT broker for the external-broker telemetry tests (e.g. mqtt://127.0.0.1:1883, a Mosquitto)',
} as const;

/** Fails under CI=true when a service variable is missing; elsewhere says what will be skipped. */
export function requiredEnv(): void {
  const missing = Object.entries(optionalServices).filter(([name]) => !process.env[name]);
  if (!missing.length) return;
  const list = missing.map(([name, what]) => `${name} (${what})`).join(', ');
  if (process.env.CI === 'true') throw new Error(`CI=true but ${list} not set: CI must run every test`);
  process.stderr.write(`\n[citywork tests] not set: ${list} — those tests are skipped\n\n`);
}

/** The shared real-data folder beside the project (`../shared/data`), or null where it is absent. */
export function sharedDataDir(): string | null {
  const dir = path.resolve(process.cwd(), '..', 'shared', 'data');
  if (existsSync(dir)) return dir;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${dir} is missing: CI must run the tests on real data`);
  return null;
}
