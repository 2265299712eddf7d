import { writeAudit } from '../../core/audit.js';
import { AppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { c, loadLibrary, nextVersion, standardHistory, type StandardVersion } from './library-store.js';
import { standardSchema } from './indicator-schema.js';

/**
 * Sets a new standard for an indicator: a new version, in force from now; the earlier ones stay,
 * and evaluations recorded under them keep the version they used. Needs a reason.
 */
export async function changeStandard(k: Kernel, ctx: RequestContext, code: string, input: { target?: number; lower?: number; upper?: number; tier: string; document: string; verified: boolean; note?: string; reason: string }): Promise<{ current: StandardVersion; history: StandardVersion[] }> {
  k.policy.check(ctx.actor, { action: 'checkup.standard.write' });
  const lib = await loadLibrary(k.db, ctx.cityCode);
  const d = lib.byCode.get(code);
  if (!d) throw new AppError('not_found', `no indicator ${code}`, { field: 'code' });
  if (d.kind === 'context') throw new AppError('invalid', `${code} is a context indicator: it is shown, not scored, and has no standard`, { field: 'code' });
  if (!input.reason?.trim()) throw new AppError('invalid', 'say why the standard changes', { field: 'reason' });
  const { reason, ...rest } = input;
  const parsed = standardSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid', `${issue.path.join('.') || 'standard'}: ${issue.message}`, { field: issue.path.join('.') || 'standard' });
  }
  const s = parsed.data;
  if (d.direction === 'within' ? s.lower === undefined || s.upper === undefined || s.lower > s.upper : s.target === undefined) {
    throw new AppError('invalid', d.direction === 'within' ? 'a within-a-range standard needs lower ≤ upper' : `a ${d.direction}-is-better standard needs a target`, { field: d.direction === 'within' ? 'lower' : 'target' });
  }
  await k.transaction(async (trx) => {
    const version = await nextVersion(trx, ctx.cityCode, code);
    await c(trx)
      .insertInto('checkup_standards')
      .values({ city_code: ctx.cityCode, code, version, target: s.target ?? null, lower_bound: s.lower ?? null, upper_bound: s.upper ?? null, tier: s.tier, document: s.document, verified: s.verified, note: s.note ?? null, reason: reason.trim(), changed_by: ctx.actor?.label ?? 'anonymous', valid_from: k.clock.now() })
      .execute();
    await c(trx).updateTable('checkup_indicators').set({ standard_version: version, updated_at: k.clock.now() }).where('city_code', '=', ctx.cityCode).where('code', '=', code).execute();
    await writeAudit(trx, ctx, { action: 'checkup.standard.changed', resourceType: 'checkup_indicator', resourceId: code, before: d.standard, after: { version, ...s, reason } });
  });
  const history = await standardHistory(k.db, ctx.cityCode, code);
  return { current: history[0]!, history };
}
