import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadConfig } from './config.js';

describe('config', () => {
  it('has defaults: port 8080, ./var, embedded', () => {
    const c = loadConfig({ env: {} });
    expect(c.port).toBe(8080);
    expect(c.dataDir).toBe(path.resolve('./var'));
    expect(c.embedded).toBe(true);
    expect(c.cityCode).toBe('110000');
  });
  it('takes the environment, and flags over the environment', () => {
    const c = loadConfig({ env: { PORT: '9000', CITYWORK_DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://h/db' }, flags: { port: '9100' } });
    expect(c.port).toBe(9100);
    expect(c.dataDir).toBe('/tmp/x');
    expect(c.embedded).toBe(false);
  });
  it('names the variable of a bad value', () => {
    expect(() => loadConfig({ env: { PORT: 'eighty' } })).toThrow(/^PORT: /);
    expect(() => loadConfig({ env: { CITYWORK_CITY: 'beijing' } })).toThrow(/CITYWORK_CITY: must be a 6-digit division code/);
    expect(() => loadConfig({ env: { LOG_LEVEL: 'loud' } })).toThrow(/LOG_LEVEL/);
  });
  it('reads booleans the way people write them', () => {
    expect(loadConfig({ env: { CITYWORK_DEMO: 'yes' } }).demo).toBe(true);
    expect(loadConfig({ env: { CITYWORK_DEMO: '0' } }).demo).toBe(false);
  });
});
