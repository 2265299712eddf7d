import { z } from 'zod';

/**
 * Organisations (单位): the city's departments, street offices and townships, dispatch
 * centres and public-utility enterprises. Each has a jurisdiction (region-code prefixes)
 * and a supervising organisation that approves its extensions and is told when it is late.
 * A pack lists them in `orgs.json`; accounts belong to one by its code.
 */
export const orgKinds = ['dispatch_centre', 'department', 'street', 'enterprise'] as const;
export type OrgKind = (typeof orgKinds)[number];

export const orgCode = z.string().regex(/^[0-9a-z][0-9a-z-]{1,63}$/, 'must be lower-case letters, digits and dashes');

export const orgSchema = z.strictObject({
  code: orgCode,
  name: z.string().min(1).max(100),
  nameEn: z.string().min(1).max(200),
  kind: z.enum(orgKinds),
  /** The region the organisation sits in (its district for a district department). */
  regionCode: z.string().regex(/^\d{2,12}$/),
  /** The regions it answers for; empty = the whole city. */
  jurisdiction: z.array(z.string().regex(/^\d{2,12}$/)).default([]),
  /** The organisation that supervises it (approves extensions, receives escalations). */
  supervisor: orgCode.nullable().default(null),
  phone: z.string().max(40).optional(),
});
export type OrgInput = z.infer<typeof orgSchema>;
export const orgsFileSchema = z.strictObject({ generatedBy: z.string().optional(), orgs: z.array(orgSchema).min(1) });
export const orgsFile = 'orgs.json';
