import { AppError } from '../errors.js';
import type { Actor } from '../context.js';
import { inJurisdiction } from './jurisdiction.js';

/** The roles of citywork (ARCHITECTURE.md, security model). */
export const roles = ['admin', 'operator', 'dispatcher', 'handler', 'assessor', 'analyst', 'engineer', 'citizen'] as const;
export type Role = (typeof roles)[number];

/** Role → the actions it may take. Modules contribute theirs; the server merges them. */
export type PolicyTable = Partial<Record<Role, readonly string[]>>;

/** What the core itself allows: accounts, tokens, audit, packs, backups, personal data. */
export const corePolicy: PolicyTable = {
  admin: ['core.user.create', 'core.user.list', 'core.user.disable', 'core.token.create', 'core.token.list', 'core.token.revoke', 'core.audit.read', 'core.pack.import', 'core.backup.create', 'core.job.list', 'core.org.read'],
  operator: ['core.pii.read', 'core.org.read'],
  dispatcher: ['core.pii.read', 'core.org.read'],
  handler: ['core.pii.read', 'core.org.read'],
  assessor: ['core.audit.read', 'core.org.read'],
  analyst: ['core.org.read'],
  engineer: ['core.org.read'],
};

/** The question put to the policy: may this actor take this action, on something in this region? */
export interface AccessRequest {
  action: string;
  /** The region of the thing acted on; omitted for actions on no particular place. */
  regionCode?: string | null;
  /** The city of the thing acted on; defaults to the actor's. */
  cityCode?: string;
}

/** The one access policy: role grants the action, the city matches, the region is in the jurisdiction. */
export interface Policy {
  allows(actor: Actor | null, req: AccessRequest): boolean;
  /** The actor when `allows` says yes; throws `unauthenticated` or `forbidden` when it says no. */
  check(actor: Actor | null, req: AccessRequest): Actor;
  actionsOf(roleList: readonly string[]): string[];
}

/** Merges policy tables into one policy. */
export function createPolicy(tables: PolicyTable[]): Policy {
  const byRole = new Map<string, Set<string>>();
  for (const table of tables) {
    for (const [role, actions] of Object.entries(table)) {
      const set = byRole.get(role) ?? new Set<string>();
      for (const a of actions ?? []) set.add(a);
      byRole.set(role, set);
    }
  }
  const allows = (actor: Actor | null, req: AccessRequest): boolean => {
    if (!actor) return false;
    if ((req.cityCode ?? actor.cityCode) !== actor.cityCode) return false;
    if (!actor.roles.some((r) => byRole.get(r)?.has(req.action))) return false;
    if (req.regionCode !== undefined && !inJurisdiction(actor.jurisdiction, req.regionCode)) return false;
    return true;
  };
  return {
    allows,
    check(actor, req) {
      if (!actor) throw new AppError('unauthenticated', 'sign in or send an API token');
      if (!allows(actor, req)) throw new AppError('forbidden', `${actor.label} may not ${req.action}${req.regionCode ? ` in region ${req.regionCode}` : ''}`, { details: { action: req.action } });
      return actor;
    },
    actionsOf(roleList) {
      const out = new Set<string>();
      for (const r of roleList) for (const a of byRole.get(r) ?? []) out.add(a);
      return [...out].sort();
    },
  };
}
