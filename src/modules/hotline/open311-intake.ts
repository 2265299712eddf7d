import { AppError } from '../../core/errors.js';
import { authenticateToken } from '../../core/auth/tokens.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { fileCase } from './intake.js';
import { loadCatalog, type Category } from './catalog.js';
import type { Open311Fields } from './open311-form.js';

/** GeoReport v2, POST Service Request: "free form text limited to 4,000 characters". */
export const maxOpen311Description = 4000;

/** What a POST answers: the case number as service_request_id, and the token for GET tokens. */
export interface Received {
  service_request_id: string;
  token: string | null;
  service_notice: string;
  account_id: null;
}

/**
 * Receives an Open311 service request (GeoReport v2, "POST Service Request"): checks the
 * client's api_key (403), the jurisdiction, the service, the location and the attributes
 * of its service definition (400), and files it as a case of the `open311` channel, kind
 * `help` (求助: GeoReport services are requests for a city service, not complaints). With an
 * Idempotency-Key a retry returns the first request.
 */
export async function receiveServiceRequest(k: Kernel, ctx: RequestContext, fields: Open311Fields, { idempotencyKey = null }: { idempotencyKey?: string | null } = {}): Promise<{ received: Received; replayed: boolean }> {
  const apiKey = one(fields, 'api_key', 200);
  if (!apiKey) throw new AppError('forbidden', 'api_key is required to submit a service request', { field: 'api_key' });
  const actor = await authenticateToken(k, apiKey, 'open311');
  if (!actor) throw new AppError('forbidden', 'api_key is unknown, revoked or expired', { field: 'api_key' });
  const as: RequestContext = { ...ctx, actor, cityCode: actor.cityCode };
  checkJurisdiction(one(fields, 'jurisdiction_id', 64), as.cityCode);

  const code = one(fields, 'service_code', 16);
  if (!code) throw new AppError('invalid', 'service_code is required', { field: 'service_code' });
  const catalog = await loadCatalog(k, as.cityCode);
  const service = catalog.categories.get(code);
  if (!service || code.length !== 6) throw new AppError('invalid', `service_code ${code} is not a service of this city (GET services lists them)`, { field: 'service_code' });

  const lat = coordinate(fields, 'lat', 90);
  const long = coordinate(fields, 'long', 180);
  if ((lat === null) !== (long === null)) throw new AppError('invalid', lat === null ? 'long is given without lat: give both, or neither' : 'lat is given without long: give both, or neither', { field: lat === null ? 'lat' : 'long' });
  const address = one(fields, 'address_string', 500);
  // No master address repository to resolve address_id against: it counts as a location and is not kept.
  const addressId = one(fields, 'address_id', 200);
  if (lat === null && !address && !addressId) throw new AppError('invalid', 'a location is required: lat and long, address_string or address_id', { field: 'lat' });

  const description = one(fields, 'description', maxOpen311Description);
  const mediaUrl = one(fields, 'media_url', 2000);
  if (mediaUrl && !(/^https?:\/\//i.test(mediaUrl) && URL.canParse(mediaUrl))) throw new AppError('invalid', 'media_url must be an http(s) URL', { field: 'media_url' });
  const name = fullName(one(fields, 'first_name', 100), one(fields, 'last_name', 100));
  const phone = one(fields, 'phone', 40);
  const email = one(fields, 'email', 200);
  // Accepted as the spec lists them; the hotline has no client devices or accounts to link.
  one(fields, 'device_id', 200);
  one(fields, 'account_id', 200);

  const created = await fileCase(
    k,
    as,
    {
      channel: 'open311',
      kind: 'help',
      categoryCode: code,
      description: description ?? service.name,
      lon: long,
      lat,
      address,
      citizen: name || phone || email ? { name, phone, email } : null,
      attributes: attributesOf(fields, service),
      mediaUrl,
      withToken: true,
    },
    { idempotencyKey, maxLength: maxOpen311Description },
  );
  return { received: { service_request_id: created.number, token: created.token, service_notice: '', account_id: null }, replayed: created.replayed };
}

/** The `invalid` error when a jurisdiction_id other than the city's is given (it is optional: one city per server). */
export function checkJurisdiction(jurisdictionId: string | null | undefined, cityCode: string): void {
  if (jurisdictionId && jurisdictionId !== cityCode) throw new AppError('invalid', `jurisdiction_id ${jurisdictionId} is not served here; this server serves ${cityCode}`, { field: 'jurisdiction_id' });
}

function one(fields: Open311Fields, name: string, max: number): string | null {
  const values = fields[name];
  if (!values?.length) return null;
  if (values.length > 1) throw new AppError('invalid', `${name} is given ${values.length} times; give it once`, { field: name });
  const v = values[0]!.trim();
  const length = [...v].length;
  if (length > max) throw new AppError('invalid', `${name} is ${length} characters; at most ${max}`, { field: name });
  return v || null;
}

function coordinate(fields: Open311Fields, name: 'lat' | 'long', limit: number): number | null {
  const s = one(fields, name, 40);
  if (s === null) return null;
  const n = Number(s);
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) || !Number.isFinite(n)) throw new AppError('invalid', `${name} must be a decimal number of WGS-84 degrees, not ${s}`, { field: name });
  if (Math.abs(n) > limit) throw new AppError('invalid', `${name} ${n} is outside −${limit}..${limit}`, { field: name });
  return n;
}

// attribute[code]=v (GeoReport v2); a multivaluelist takes attribute[code][]=a&attribute[code][]=b.
function attributesOf(fields: Open311Fields, service: Category): Record<string, string | string[]> {
  const defs = new Map(service.attributes.map((a) => [a.code, a]));
  const out: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(fields)) {
    const code = /^attribute\[([^\]]{1,64})\]$/.exec(name)?.[1];
    if (!code) continue;
    const given = values.map((v) => v.trim()).filter(Boolean);
    if (given.some((v) => [...v].length > 1000)) throw new AppError('invalid', `${name} is longer than 1000 characters`, { field: name });
    if (defs.get(code)?.datatype === 'multivaluelist') {
      if (given.length) out[code] = given;
    }
    else if (given.length > 1) throw new AppError('invalid', `${name} is given ${given.length} times; only a multivaluelist takes several values`, { field: name });
    else if (given.length === 1) out[code] = given[0]!;
  }
  return out;
}

// Chinese names are written family name first (张伟); others given name first.
function fullName(first: string | null, last: string | null): string | null {
  if (first && last) return /[\u3400-\u9fff]/.test(first + last) ? `${last}${first}` : `${first} ${last}`;
  return first ?? last;
}
