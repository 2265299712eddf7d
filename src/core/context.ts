/** Who acts: a signed-in person, an integration's token, an Open311 client app, or the system. */
export interface Actor {
  kind: 'user' | 'token' | 'open311' | 'system';
  /** The user's id (for tokens, the user the token acts as), or the token/app id. */
  id: string;
  /** A readable name for the audit log: `zhang.wei`, `token:tok_…`, `system:scheduler`. */
  label: string;
  roles: string[];
  orgId: string | null;
  /** Region codes this actor may see; empty means the whole city. */
  jurisdiction: string[];
  cityCode: string;
}

/** Everything a use case needs to know about the request that called it. */
export interface RequestContext {
  actor: Actor | null;
  cityCode: string;
  ip: string | null;
  requestId: string | null;
}

/** The actor of scheduled jobs, subscribers and the CLI: all roles, the whole city. */
export function systemActor(cityCode: string, label = 'system'): Actor {
  return { kind: 'system', id: 'system', label: `system:${label}`, roles: ['admin'], orgId: null, jurisdiction: [], cityCode };
}

/** A context for work that no HTTP request started. */
export function systemContext(cityCode: string, label = 'system'): RequestContext {
  return { actor: systemActor(cityCode, label), cityCode, ip: null, requestId: null };
}
