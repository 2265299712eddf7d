import { type Kysely, type Selectable, type Transaction } from 'kysely';
import { z } from 'zod';
import { AppError } from './errors.js';
import type { CoreTables } from './db/tables.js';
import type { PackLoader } from './pack.js';
import type { Routes } from './module.js';
import type { Kernel } from './kernel.js';
import { regionPrefix } from './auth/jurisdiction.js';
import { orgKinds, orgsFile, orgsFileSchema, type OrgInput, type OrgKind } from './orgs-schema.js';

export { orgKinds, orgSchema, orgsFileSchema, type OrgKind, type OrgInput } from './orgs-schema.js';

/** An organisation as the API and the other modules see it. */
export interface Org {
  code: string;
  name: string;
  nameEn: string;
  kind: OrgKind;
  regionCode: string;
  jurisdiction: string[];
  supervisor: string | null;
  phone: string | null;
  active: boolean;
}

type Db = Kysely<CoreTables> | Transaction<CoreTables>;
type OrgRow = Selectable<CoreTables['core_orgs']>;

function toOrg(r: OrgRow): Org {
  return { code: r.code, name: r.name, nameEn: r.name_en, kind: r.kind, regionCode: r.region_code, jurisdiction: r.jurisdiction, supervisor: r.supervisor, phone: r.phone, active: r.active };
}

/** Checks a pack's organisations as a whole: codes unique, every supervisor known, no supervision cycle. */
export function validateOrgs(raw: unknown): OrgInput[] {
  const parsed = orgsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    throw new AppError('invalid', `${orgsFile}: ${field}: ${issue.message}`, { field: `${orgsFile}:${field}` });
  }
  const orgs = parsed.data.orgs;
  const byCode = new Map<string, OrgInput>();
  orgs.forEach((o, i) => {
    if (byCode.has(o.code)) throw new AppError('invalid', `${orgsFile}: orgs.${i}.code: ${o.code} is listed twice`, { field: `${orgsFile}:orgs.${i}.code` });
    byCode.set(o.code, o);
  });
  orgs.forEach((o, i) => {
    if (o.supervisor && !byCode.has(o.supervisor)) throw new AppError('invalid', `${orgsFile}: orgs.${i}.supervisor: no organisation ${o.supervisor}`, { field: `${orgsFile}:orgs.${i}.supervisor` });
    const seen = new Set<string>([o.code]);
    for (let s = o.supervisor; s; s = byCode.get(s)?.supervisor ?? null) {
      if (seen.has(s)) throw new AppError('invalid', `${orgsFile}: orgs.${i}.supervisor: supervision of ${o.code} runs in a cycle through ${s}`, { field: `${orgsFile}:orgs.${i}.supervisor` });
      seen.add(s);
    }
  });
  return orgs;
}

/** Upserts a pack's organisations; those the pack no longer lists are deactivated, not deleted (accounts and cases refer to them). */
export async function writeOrgs(trx: Transaction<CoreTables>, cityCode: string, orgs: OrgInput[]): Promise<{ orgs: number; deactivated: number }> {
  const now = new Date();
  for (let i = 0; i < orgs.length; i += 200) {
    const values = orgs.slice(i, i + 200).map((o) => ({
      city_code: cityCode,
      code: o.code,
      name: o.name,
      name_en: o.nameEn,
      kind: o.kind,
      region_code: regionPrefix(o.regionCode),
      jurisdiction: o.jurisdiction.map(regionPrefix),
      supervisor: o.supervisor,
      phone: o.phone ?? null,
      active: true,
      updated_at: now,
    }));
    await trx
      .insertInto('core_orgs')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['city_code', 'code']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          name_en: eb.ref('excluded.name_en'),
          kind: eb.ref('excluded.kind'),
          region_code: eb.ref('excluded.region_code'),
          jurisdiction: eb.ref('excluded.jurisdiction'),
          supervisor: eb.ref('excluded.supervisor'),
          phone: eb.ref('excluded.phone'),
          active: true,
          updated_at: now,
        })),
      )
      .execute();
  }
  const codes = orgs.map((o) => o.code);
  const gone = await trx
    .updateTable('core_orgs')
    .set({ active: false, updated_at: now })
    .where('city_code', '=', cityCode)
    .where('active', '=', true)
    .where('code', 'not in', codes)
    .executeTakeFirst();
  return { orgs: orgs.length, deactivated: Number(gone.numUpdatedRows) };
}

/** The pack loader: `orgs.json`, when the pack has one. */
export const orgsLoader: PackLoader = {
  name: 'core.orgs',
  after: ['core.city'],
  async load({ has, readJson, trx, ctx }) {
    if (!has(orgsFile)) return {};
    return writeOrgs(trx, ctx.cityCode, validateOrgs(await readJson(orgsFile)));
  },
};

export async function findOrg(db: Db, cityCode: string, code: string): Promise<Org | null> {
  const row = await db.selectFrom('core_orgs').selectAll().where('city_code', '=', cityCode).where('code', '=', code).executeTakeFirst();
  return row ? toOrg(row) : null;
}

export async function getOrg(db: Db, cityCode: string, code: string, field = 'org'): Promise<Org> {
  const org = await findOrg(db, cityCode, code);
  if (!org) throw new AppError('not_found', `no organisation ${code}`, { field });
  if (!org.active) throw new AppError('invalid', `organisation ${code} (${org.name}) is no longer active`, { field });
  return org;
}

export async function listOrgs(db: Db, cityCode: string, filter: { kind?: OrgKind; region?: string; supervisor?: string; q?: string; includeInactive?: boolean } = {}): Promise<Org[]> {
  let q = db.selectFrom('core_orgs').selectAll().where('city_code', '=', cityCode);
  if (!filter.includeInactive) q = q.where('active', '=', true);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.region) q = q.where('region_code', 'like', `${regionPrefix(filter.region)}%`);
  if (filter.supervisor) q = q.where('supervisor', '=', filter.supervisor);
  if (filter.q) q = q.where((eb) => eb.or([eb('name', 'like', `%${filter.q}%`), eb('name_en', 'ilike', `%${filter.q}%`), eb('code', 'like', `%${filter.q}%`)]));
  const rows = await q.orderBy('code').execute();
  return rows.map((r) => toOrg(r));
}

/** The active organisations of a city in memory, for questions asked on every request. */
export interface OrgDirectory {
  byCode: Map<string, Org>;
  /** The organisations of a kind whose jurisdiction holds a region, the most specific jurisdiction first (the street office before the district). */
  covering(regionCode: string, kind?: OrgKind): Org[];
  /** The organisations that supervise `code`, nearest first. */
  supervisors(code: string): Org[];
}

// How long a copy trusts its directory before asking whether organisations changed.
const directoryRecheckMs = 2000;
const directories = new WeakMap<Kernel, Map<string, { stamp: string; checkedAt: number; dir: OrgDirectory }>>();

/**
 * The city's organisations, cached per copy and rebuilt when they change (a count and the
 * latest update, checked at most every two seconds): a pack import on another copy is seen
 * within that time.
 */
export async function orgDirectory(k: Kernel, cityCode: string, db: Db = k.db): Promise<OrgDirectory> {
  let perCity = directories.get(k);
  if (!perCity) directories.set(k, (perCity = new Map()));
  const hit = perCity.get(cityCode);
  if (hit && Date.now() - hit.checkedAt < directoryRecheckMs) return hit.dir;
  // Inside a transaction, `db` is that transaction: the embedded database has one connection.
  const row = await db
    .selectFrom('core_orgs')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('updated_at').as('latest')])
    .where('city_code', '=', cityCode)
    .executeTakeFirst();
  const stamp = `${row?.n ?? 0}:${row?.latest ? new Date(row.latest as Date).getTime() : 0}`;
  if (hit && hit.stamp === stamp) {
    hit.checkedAt = Date.now();
    return hit.dir;
  }
  const orgs = await listOrgs(db, cityCode);
  const byCode = new Map(orgs.map((o) => [o.code, o]));
  // Intake asks this for every case, for a few hundred distinct places: remember the answers
  // (the directory is rebuilt whenever the organisations change, and the memo with it).
  const memo = new Map<string, Org[]>();
  const dir: OrgDirectory = {
    byCode,
    covering(regionCode, kind) {
      const key = `${regionCode}|${kind ?? ''}`;
      const hit = memo.get(key);
      if (hit) return [...hit];
      const target = regionCode.padEnd(12, '0');
      const depth = (o: Org) => Math.max(-1, ...o.jurisdiction.filter((j) => target.startsWith(j)).map((j) => j.length));
      const found = orgs.filter((o) => (!kind || o.kind === kind) && depth(o) >= 0).sort((a, b) => depth(b) - depth(a) || a.code.localeCompare(b.code));
      if (memo.size >= 50_000) memo.clear();
      memo.set(key, found);
      return [...found];
    },
    supervisors(code) {
      const out: Org[] = [];
      const seen = new Set<string>();
      for (let o = byCode.get(code); o?.supervisor && !seen.has(o.supervisor); o = byCode.get(o.supervisor)) {
        seen.add(o.supervisor);
        const sup = byCode.get(o.supervisor);
        if (sup) out.push(sup);
      }
      return out;
    },
  };
  perCity.set(cityCode, { stamp, checkedAt: Date.now(), dir });
  return dir;
}

const orgView = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kind: z.enum(orgKinds),
  regionCode: z.string(),
  jurisdiction: z.array(z.string()),
  supervisor: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
});

/** `GET /api/orgs`, `GET /api/orgs/:code`: the directory, for every signed-in member of staff. */
export function orgRoutes(app: Routes, k: Kernel) {
  app.get('/api/orgs', {
    schema: {
      tags: ['orgs'],
      summary: 'Organisations: departments, street offices, dispatch centres, enterprises',
      querystring: z.strictObject({
        kind: z.enum(orgKinds).optional(),
        region: z.string().regex(/^\d{2,12}$/, 'must be a region code').optional(),
        supervisor: z.string().max(64).optional(),
        q: z.string().min(1).max(50).optional(),
        includeInactive: z.enum(['true', 'false']).optional(),
      }),
      response: { 200: z.object({ orgs: z.array(orgView) }) },
    },
    handler: async (req) => {
      k.policy.check(req.ctx.actor, { action: 'core.org.read' });
      return { orgs: await listOrgs(k.db, req.ctx.cityCode, { ...req.query, includeInactive: req.query.includeInactive === 'true' }) };
    },
  });
  app.get('/api/orgs/:code', {
    schema: { tags: ['orgs'], summary: 'One organisation', params: z.strictObject({ code: z.string().max(64) }), response: { 200: z.object({ org: orgView }) } },
    handler: async (req) => {
      k.policy.check(req.ctx.actor, { action: 'core.org.read' });
      const org = await findOrg(k.db, req.ctx.cityCode, req.params.code);
      if (!org) throw new AppError('not_found', `no organisation ${req.params.code}`, { field: 'code' });
      return { org };
    },
  });
}
