import os from 'node:os';
import path from 'node:path';
import { promises as fs, readFileSync } from 'node:fs';
import type { Driver } from '../../src/core/db/database.js';
import type { Clock } from '../../src/core/clock.js';
import { importPack } from '../../src/core/pack.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { hotlineModule } from '../../src/modules/hotline/index.js';
import { monitoringModule } from '../../src/modules/monitoring/index.js';
import type { TestService } from '../support/service.js';
import { bearer, seedToken, seedUser } from '../support/http.js';
import { toyPack, writeToyPack } from '../support/hotline.js';

/**
 * The toy city (two districts: 东城 lon 1..2, 西城 lon 0..1) with the hotline, a gas company
 * the catalog sends gas leaks to, and one underground space next to a gas main in each
 * district, watched by the Beijing pack's own methane rule (≥ 10 %LEL pre-alarm, ≥ 20 alarm,
 * ≥ 25 high alarm; cleared after 5 minutes below) — here held 60 s before it raises.
 */

const beijingRules = JSON.parse(readFileSync(path.resolve('packs/beijing/lifelines/rules.json'), 'utf8')) as Record<string, any>;
// 燃气泄漏 as the Beijing pack defines it: it requires where the smell is, which the alarm's case must answer.
const beijingGasLeak = (JSON.parse(readFileSync(path.resolve('packs/beijing/hotline/categories.json'), 'utf8')) as { categories: { code: string; attributes?: unknown[] }[] }).categories.find((c) => c.code === '060301')!;

/** The toy pack's rules: the Beijing gas rules and alarm types, notifying the toy city's offices. */
export function toyRules(): Record<string, unknown> {
  const gas = structuredClone(beijingRules.assetTypes.gas_adjacent_space);
  gas.rules = gas.rules.filter((r: { id: string }) => r.id !== 'methane_rising');
  gas.rules.find((r: { id: string }) => r.id === 'methane').forSeconds = 60;
  const alarmTypes = Object.fromEntries(['gas_leak', 'device_offline'].map((t) => [t, { ...beijingRules.alarmTypes[t], supervisor: '110000-cgw' }]));
  return { ...beijingRules, assetTypes: { gas_adjacent_space: gas }, alarmTypes, escalation: { ...beijingRules.escalation, supervisor: '110000-cgw' } };
}

export const alarmsPackFiles: Record<string, unknown> = {
  'orgs.json': {
    orgs: [
      ...(toyPack['orgs.json'].orgs as object[]),
      { code: '110000-gas', name: '北京燃气集团', nameEn: 'Beijing Gas Group', kind: 'enterprise', regionCode: '110000', jurisdiction: [], supervisor: '110000-12345' },
      { code: '110000-cgw', name: '北京市城市管理委员会', nameEn: 'Beijing Municipal Commission of Urban Management', kind: 'department', regionCode: '110000', jurisdiction: [], supervisor: '110000-12345' },
    ],
  },
  'hotline/categories.json': {
    categories: [
      ...(toyPack['hotline/categories.json'].categories as object[]),
      { code: '06', name: '水电气热', nameEn: 'Utilities' },
      { code: '0603', name: '燃气', nameEn: 'Gas' },
      { code: '060301', name: '燃气泄漏', nameEn: 'Gas leak', keywords: ['燃气泄漏', '煤气味'], tier: 'critical', attributes: beijingGasLeak.attributes },
    ],
  },
  'hotline/dispatch.json': { ...toyPack['hotline/dispatch.json'], rules: [...toyPack['hotline/dispatch.json'].rules, { id: 5, category: '0603', region: '*', target: '110000-gas' }] },
  'monitoring/catalog.json': {
    metrics: [
      { name: 'methane_pct_lel', unit: '%LEL', unitAliases: ['%lel'], min: 0, max: 100, nameZh: '甲烷浓度', nameEn: 'Methane' },
      { name: 'temperature_c', unit: '°C', min: -50, max: 200, nameZh: '温度', nameEn: 'Temperature' },
    ],
    assetTypes: [{ code: 'gas_adjacent_space', name: '燃气相邻地下空间', nameEn: 'Underground space next to a gas main', metrics: ['methane_pct_lel', 'temperature_c'] }],
  },
  'monitoring/assets.json': {
    simulated: true,
    assets: [
      { code: 'ADJ-DC', type: 'gas_adjacent_space', name: '东城雨水井1号', nameEn: 'Dongcheng storm-water well 1', lon: 1.5, lat: 0.5, devices: [{ id: 'ch4-dc', metrics: ['methane_pct_lel'] }] },
      { code: 'ADJ-XC', type: 'gas_adjacent_space', name: '西城电力井1号', nameEn: 'Xicheng power cable well 1', lon: 0.5, lat: 0.5, devices: [{ id: 'ch4-xc', metrics: ['methane_pct_lel'] }] },
    ],
  },
};

/** Writes the toy pack with the alarm test's files (the rules overridable). */
export async function writeAlarmsPack(rules: Record<string, unknown> = toyRules()): Promise<string> {
  return writeToyPack({ ...alarmsPackFiles, 'lifelines/rules.json': rules });
}

/** The modules the alarm tests compose: regions, the hotline, monitoring. */
export const alarmModules = [regionsModule, hotlineModule, monitoringModule];

/** Imports the toy alarms pack into a service. */
export async function importAlarmsPack(s: Pick<TestService, 'kernel' | 'system' | 'packLoaders'>): Promise<void> {
  const dir = await writeAlarmsPack();
  try {
    await importPack(s.kernel, s.system, dir, s.packLoaders);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export type Who = 'admin' | 'engineer' | 'operator' | 'dongcheng' | 'xicheng' | 'gas' | 'analyst';

/** Accounts of every kind the alarm tests act as: district handlers of 东城 and 西城, the gas company's handler, the hotline operator. */
export async function alarmAccounts(s: TestService): Promise<Record<Who, Record<string, string>>> {
  let n = 0;
  const token = async (roles: string[], orgId: string | null = null, jurisdiction: string[] = []) => bearer(await seedToken(s, { userId: await seedUser(s, `${roles[0]}-${++n}`, roles, { orgId, jurisdiction }) }));
  return {
    admin: await token(['admin']),
    engineer: await token(['engineer']),
    operator: await token(['operator'], '110000-12345'),
    dongcheng: await token(['handler'], '110101-cgw', ['110101']),
    xicheng: await token(['handler'], '110102-cgw', ['110102']),
    gas: await token(['handler'], '110000-gas'),
    analyst: await token(['analyst']),
  };
}

/** A temporary data directory (the write-ahead log lives there). */
export async function tempDataDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'citywork-alarms-'));
}

export type { Clock, Driver };
