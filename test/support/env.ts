/** The variables that turn on tests of what a fresh machine lacks; under CI=true each is required. */
export const optionalServices = {
  TEST_DATABASE_URL: 'PostgreSQL (e.g. postgres://postgres@127.0.0.1:5432/test)',
} as const;

/** Fails under CI=true when a service variable is missing; elsewhere says what will be skipped. */
export function requiredEnv(): void {
  const missing = Object.entries(optionalServices).filter(([name]) => !process.env[name]);
  if (!missing.length) return;
  const list = missing.map(([name, what]) => `${name} (${what})`).join(', ');
  if (process.env.CI === 'true') throw new Error(`CI=true but ${list} not set: CI must run every test`);
  process.stderr.write(`\n[citywork tests] not set: ${list} — those tests are skipped\n\n`);
}
