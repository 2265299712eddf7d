import { newId } from '../../src/core/ids.js';
import type { Kernel } from '../../src/core/kernel.js';
import type { Kysely } from 'kysely';

/**
 * Cases as they stand after a dispatch, written straight into the tables: each with its
 * category and one dispatch, made by a person (confirmed, or `corrected` when the office was
 * overridden) or by the system. For classifier tests, which need history, not intake.
 */
export async function seedDispatchedCases(k: Kernel, cityCode: string, cases: { title?: string; description: string; category: string; by?: 'person' | 'system'; corrected?: boolean }[]): Promise<void> {
  // The hotline's tables are its own (reached through its index only): plain rows here.
  const db = k.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const now = new Date();
  let n = 0;
  for (const c of cases) {
    const id = newId('case', now);
    await db
      .insertInto('hotline_cases')
      .values({ id, city_code: cityCode, number: `seed${Date.now()}${++n}`, channel: 'phone', kind: 'help', category_code: c.category, title: c.title ?? null, description: c.description, urgency: 'normal', attributes: '{}', location_source: 'none', confidential: false, status: 'dispatched', org_code: '110000-12345', org_history: ['110000-12345'], tier: 'general', received_at: now, updated_at: now })
      .execute();
    await db
      .insertInto('hotline_dispatches')
      .values({ city_code: cityCode, case_id: id, at: now, category_code: c.category, chosen_org: '110000-12345', proposed_org: c.corrected ? '110101-12345' : '110000-12345', overridden: !!c.corrected, by_person: (c.by ?? 'person') === 'person', actor_label: 'dispatcher-1' })
      .execute();
  }
}
