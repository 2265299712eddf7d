import type { Kernel } from './kernel.js';
import type { RequestContext } from './context.js';
import { writeAudit } from './audit.js';

/** Where a sealed personal-data value lives, for the access check and the audit record. */
export interface PiiLocation {
  resourceType: string;
  resourceId: string;
  /** `phone`, `name`, …: never the value itself. */
  field: string;
  /** The region of the record, so the jurisdiction applies. */
  regionCode?: string | null;
}

/**
 * Decrypts a personal-data value for someone with a need to see it (`core.pii.read` in the
 * record's region), and writes the audit record of that read. Everyone else gets masks.
 */
export async function revealPii(k: Kernel, ctx: RequestContext, where: PiiLocation, sealed: string): Promise<string> {
  k.policy.check(ctx.actor, { action: 'core.pii.read', regionCode: where.regionCode });
  const plain = k.pii.decrypt(sealed);
  await writeAudit(k.db, ctx, { action: 'core.pii.read', resourceType: where.resourceType, resourceId: where.resourceId, after: { field: where.field } });
  return plain;
}
