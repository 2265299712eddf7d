import type { Division } from './divisions.js';
import { code12 } from './divisions.js';
import type { DecodedFeature } from './echarts-decode.js';
import { shortName } from './division-names.js';

/** A boundary to build: the division it is for and the echarts features whose rings make it. */
export interface CodedFeature {
  code: string;
  level: Division['level'];
  sources: DecodedFeature[];
}

/** A feature left out or matched other than by its id, and why. */
export interface MatchNote {
  id: string;
  name: string;
  note: string;
}

export interface CodedFeatures {
  coded: CodedFeature[];
  /** Features matched, but not by id alone (renamed codes, merged cities, municipalities). */
  recoded: MatchNote[];
  /** Features with no NBS division to go to. */
  skipped: MatchNote[];
}

// Prefecture-level cities abolished since echarts 4.9's maps were drawn: the feature joins the city that took its territory.
// 莱芜市 was merged into 济南市 (国务院 国函〔2019〕4号, January 2019).
const MERGED_INTO: Record<string, string> = { '371200': '370100' };

/**
 * Gives each echarts feature its NBS code: by its id (a GB/T 2260 adcode) when that code is a
 * division of the wanted level and the names agree; a municipality's whole-city feature goes to
 * its 市辖区 when every district lies in it; an abolished city goes to the city that absorbed it;
 * an old code is looked up by name within its province. Everything else is reported.
 */
export function codeEchartsFeatures(features: readonly DecodedFeature[], divisions: ReadonlyMap<string, Division>, levels: readonly Division['level'][]): CodedFeatures {
  const out = new Map<string, CodedFeature>();
  const recoded: MatchNote[] = [];
  const skipped: MatchNote[] = [];
  const put = (code: string, f: DecodedFeature) => {
    const d = divisions.get(code)!;
    const entry = out.get(code) ?? { code, level: d.level, sources: [] };
    entry.sources.push(f);
    out.set(code, entry);
  };
  const claimed = new Set(features.map((f) => (/^\d{6}$/.test(f.id) ? code12(f.id) : '')));
  const nameAgrees = (d: Division, name: string) => d.name.startsWith(name) || shortName(d.name) === name;

  for (const f of features) {
    if (!/^\d{6}$/.test(f.id)) {
      skipped.push({ id: f.id, name: f.name, note: 'no 6-digit id' });
      continue;
    }
    const direct = divisions.get(code12(f.id));
    if (direct && levels.includes(direct.level)) {
      if (!nameAgrees(direct, f.name)) recoded.push({ id: f.id, name: f.name, note: `id matches ${direct.name}, whose name differs` });
      put(direct.code, f);
      continue;
    }
    if (direct?.level === 'province' && levels.includes('city')) {
      const cityPrefix = f.id.slice(0, 2) + '01';
      const cityCode = code12(cityPrefix);
      const others = [...divisions.values()].filter((d) => d.level === 'district' && d.code.startsWith(f.id.slice(0, 2)) && !d.code.startsWith(cityPrefix));
      if (divisions.get(cityCode)?.name === '市辖区' && !others.length) {
        recoded.push({ id: f.id, name: f.name, note: `whole municipality → its 市辖区 ${cityCode}, which holds all its districts` });
        put(cityCode, f);
      } else {
        skipped.push({ id: f.id, name: f.name, note: `municipality whose districts and counties span ${others.length ? 'more than one' : 'no'} city-level unit: no single city code` });
      }
      continue;
    }
    const merged = MERGED_INTO[f.id];
    if (merged && divisions.has(code12(merged))) {
      recoded.push({ id: f.id, name: f.name, note: `abolished; its territory joined ${divisions.get(code12(merged))!.name} ${code12(merged)}, so it is merged into that boundary` });
      put(code12(merged), f);
      continue;
    }
    const byName = [...divisions.values()].filter((d) => levels.includes(d.level) && d.code.startsWith(f.id.slice(0, 2)) && !claimed.has(d.code) && nameAgrees(d, f.name));
    if (byName.length === 1) {
      recoded.push({ id: f.id, name: f.name, note: `old code; matched by name to ${byName[0]!.name} ${byName[0]!.code}` });
      put(byName[0]!.code, f);
      continue;
    }
    skipped.push({ id: f.id, name: f.name, note: direct ? `is a ${direct.level}, not a ${levels.join('/')}` : 'no NBS division has this code or name' });
  }
  return { coded: [...out.values()].sort((a, b) => (a.code < b.code ? -1 : 1)), recoded, skipped };
}
