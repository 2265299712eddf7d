import path from 'node:path';
import { z } from 'zod';
import { AppError } from './errors.js';

// Every setting with its default and the environment variable that overrides it.
const schema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  host: z.string().default('localhost'),
  dataDir: z.string().default('./var'),
  databaseUrl: z.string().optional(),
  databasePoolSize: z.coerce.number().int().min(1).max(200).default(10),
  cityCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit division code').default('110000'),
  bodyLimitBytes: z.coerce.number().int().min(1024).default(1024 * 1024),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  secret: z.string().min(32, 'must be at least 32 characters').optional(),
  piiKeys: z.string().optional(),
  piiHashKey: z.string().min(32, 'must be at least 32 characters').optional(),
  demo: z.coerce.boolean().optional(),
  /** Days of synthetic hotline cases the demo's first start generates, and how many a day. */
  demoDays: z.coerce.number().int().min(0).max(366).default(30),
  demoPerDay: z.coerce.number().int().min(1).max(100_000).default(2000),
  trustProxy: z.coerce.boolean().default(false),
  outboxPollMs: z.coerce.number().int().min(10).default(1000),
  readyCheckMs: z.coerce.number().int().min(50).default(2000),
  schedulerTickMs: z.coerce.number().int().min(10).default(1000),
  loginMaxFailures: z.coerce.number().int().min(1).default(5),
  loginLockoutMinutes: z.coerce.number().min(0).default(15),
  loginMaxPerIpPer10Min: z.coerce.number().int().min(1).default(30),
  sessionTtlHours: z.coerce.number().min(0.01).default(12),
  shutdownGraceMs: z.coerce.number().int().min(0).default(10_000),
  smsUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  smsToken: z.string().optional(),
  webhookUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  webhookSecret: z.string().min(16, 'must be at least 16 characters').optional(),
  notifyEveryMs: z.coerce.number().int().min(100).default(2000),
  s3Endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  s3Bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name').optional(),
  s3Region: z.string().min(1).default('us-east-1'),
  s3AccessKey: z.string().optional(),
  s3SecretKey: z.string().optional(),
  /** An external MQTT broker for device telemetry (mqtt:// or mqtts://); without it an embedded broker listens on mqttPort. */
  mqttUrl: z.url({ protocol: /^mqtts?$/, error: 'must be an mqtt:// or mqtts:// URL' }).optional(),
  mqttPort: z.coerce.number().int().min(0).max(65535).default(1883),
  /** Days raw readings are kept, and hourly rollups. */
  monitoringRawDays: z.coerce.number().int().min(1).max(3660).default(90),
  monitoringRollupDays: z.coerce.number().int().min(1).max(36600).default(1825),
});

export type Config = z.infer<typeof schema> & { embedded: boolean; dataDir: string };

const envNames: Record<string, keyof z.infer<typeof schema>> = {
  PORT: 'port',
  HOST: 'host',
  CITYWORK_DATA_DIR: 'dataDir',
  DATABASE_URL: 'databaseUrl',
  DATABASE_POOL_SIZE: 'databasePoolSize',
  CITYWORK_CITY: 'cityCode',
  CITYWORK_BODY_LIMIT: 'bodyLimitBytes',
  LOG_LEVEL: 'logLevel',
  CITYWORK_SECRET: 'secret',
  CITYWORK_PII_KEYS: 'piiKeys',
  CITYWORK_PII_HASH_KEY: 'piiHashKey',
  CITYWORK_DEMO: 'demo',
  CITYWORK_DEMO_DAYS: 'demoDays',
  CITYWORK_DEMO_PER_DAY: 'demoPerDay',
  TRUST_PROXY: 'trustProxy',
  CITYWORK_OUTBOX_POLL_MS: 'outboxPollMs',
  CITYWORK_SMS_URL: 'smsUrl',
  CITYWORK_SMS_TOKEN: 'smsToken',
  CITYWORK_WEBHOOK_URL: 'webhookUrl',
  CITYWORK_WEBHOOK_SECRET: 'webhookSecret',
  CITYWORK_NOTIFY_EVERY_MS: 'notifyEveryMs',
  CITYWORK_S3_ENDPOINT: 's3Endpoint',
  CITYWORK_S3_BUCKET: 's3Bucket',
  CITYWORK_S3_REGION: 's3Region',
  CITYWORK_S3_ACCESS_KEY: 's3AccessKey',
  CITYWORK_S3_SECRET_KEY: 's3SecretKey',
  MQTT_URL: 'mqttUrl',
  MQTT_PORT: 'mqttPort',
  CITYWORK_MONITORING_RAW_DAYS: 'monitoringRawDays',
  CITYWORK_MONITORING_ROLLUP_DAYS: 'monitoringRollupDays',
};

/** The environment variable that sets each setting, for `--help` and the README. */
export const configEnvironment = envNames;

/**
 * The service's settings: defaults, overridden by the environment, overridden by
 * command-line flags. A bad value is an `invalid` error naming the variable.
 */
export function loadConfig(
  { env = process.env, flags = {} }: { env?: NodeJS.ProcessEnv; flags?: Partial<Record<string, unknown>> } = {},
): Config {
  const raw: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(envNames)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[key] = key === 'demo' || key === 'trustProxy' ? parseBool(value) : value;
  }
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) raw[key] = value;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]);
    const envName = Object.entries(envNames).find(([, k]) => k === key)?.[0];
    throw new AppError('invalid', `${envName ?? key}: ${issue.message}`, { field: key });
  }
  const embedded = !parsed.data.databaseUrl;
  return { ...parsed.data, embedded, dataDir: path.resolve(parsed.data.dataDir) };
}

function parseBool(value: string): boolean {
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}
