import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, type ErrorKind } from '../../core/errors.js';
import { toAppError } from '../../core/http.js';
import { checkIdempotencyKey } from '../../core/idempotency.js';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import { loadCatalog, type Catalog } from './catalog.js';
import { formatLocal } from './calendar.js';
import { parseForm, parseJsonFields, type Open311Fields } from './open311-form.js';
import { checkJurisdiction, receiveServiceRequest } from './open311-intake.js';
import { localeOf, publicRequest, publicRequests, requestOfToken, requestQuery, requestsArgs, type Locale } from './open311-requests.js';
import { toOpen311Xml } from './open311-xml.js';

/** Where the GeoReport v2 API lives; every resource takes a `.json` or `.xml` suffix. */
export const open311Base = '/open311/v2';
const specification = 'http://wiki.open311.org/GeoReport_v2';
const formats = ['json', 'xml'] as const;
type Format = (typeof formats)[number];
const tags = ['open311'];

// GeoReport v2, "Errors": 400 for bad arguments, 403 for a bad api_key, 404 for what does not
// exist. The spec has no 409 or 413: a conflict or a too-long text is a bad argument.
const codeByKind: Record<ErrorKind, number> = { invalid: 400, too_large: 400, conflict: 400, unauthenticated: 403, forbidden: 403, not_found: 404, rate_limited: 429, unavailable: 503 };

const localeArg = z.string().max(20).optional().describe('`en` for English names; Chinese otherwise');
const jurisdictionArg = z.string().max(64).optional().describe('optional; when given, the city code');

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) with Service Discovery, under
 * /open311/v2, in an encapsulated scope: its strict UTF-8 body parsers and its error format
 * (`[{code, description}]`, or `<errors>` in XML) apply there only.
 */
export async function open311Routes(app: Routes, k: Kernel): Promise<void> {
  await app.register(
    async (plugin) => {
      const scope = plugin.withTypeProvider<ZodTypeProvider>();
      scope.removeContentTypeParser(['application/json', 'text/plain']);
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_req, body, done) => parseWith(parseForm, body as Buffer, done));
      scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => parseWith(parseJsonFields, body as Buffer, done));
      scope.setErrorHandler((err, req, reply) => {
        const e = (err as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? new AppError('invalid', 'send the arguments as application/x-www-form-urlencoded (or application/json)', { field: 'content-type' }) : toAppError(err);
        if (e) return fail(reply, formatOf(req), codeByKind[e.kind], e.message);
        req.log.error({ err }, 'unhandled error');
        return fail(reply, formatOf(req), 500, `internal error; quote request id ${req.id}`);
      });
      scope.setNotFoundHandler((req, reply) => fail(reply, formatOf(req), 404, `no resource ${req.method} ${req.url.split('?')[0]}: resources end in .json or .xml`));

      for (const format of formats) {
        scope.get(`/discovery.${format}`, {
          schema: { tags, summary: `Service Discovery (${format})` },
          handler: async (req, reply) => send(reply, format, 'discovery', await discovery(k, req)),
        });

        scope.get(`/services.${format}`, {
          schema: { tags, summary: `GET Service List: one service per leaf category (${format})`, querystring: z.looseObject({ jurisdiction_id: jurisdictionArg, locale: localeArg }) },
          handler: async (req, reply) => {
            checkJurisdiction(req.query.jurisdiction_id, req.ctx.cityCode);
            return send(reply, format, 'services', serviceList(await loadCatalog(k, req.ctx.cityCode), localeOf(req.query.locale)));
          },
        });

        scope.get(`/services/:code.${format}`, {
          schema: { tags, summary: `GET Service Definition: the attributes a request of the service takes (${format})`, params: z.object({ code: z.string().max(64) }), querystring: z.looseObject({ jurisdiction_id: jurisdictionArg, locale: localeArg }) },
          handler: async (req, reply) => {
            checkJurisdiction(req.query.jurisdiction_id, req.ctx.cityCode);
            const catalog = await loadCatalog(k, req.ctx.cityCode);
            return send(reply, format, 'service_definition', serviceDefinition(catalog, req.params.code, localeOf(req.query.locale)));
          },
        });

        scope.post(`/requests.${format}`, {
          schema: { tags, summary: `POST Service Request: form-encoded (or JSON) arguments with api_key; answers 201 (${format})`, headers: z.looseObject({ 'idempotency-key': z.string().optional() }) },
          handler: async (req, reply) => {
            const fields: Open311Fields = { ...queryFields(req.query), ...((req.body as Open311Fields | undefined) ?? {}) };
            const { received, replayed } = await receiveServiceRequest(k, req.ctx, fields, { idempotencyKey: checkIdempotencyKey(req.headers['idempotency-key']) });
            if (replayed) reply.header('idempotent-replayed', 'true');
            // 201 Created: the spec's examples show 200, but a new resource is what this is; clients take any 2xx.
            return send(reply, format, 'service_requests', [received], 201);
          },
        });

        scope.get(`/requests.${format}`, {
          schema: {
            tags,
            summary: `GET Service Requests: public fields only; the last 90 days by default, at most 1000; page, page_size and extensions=true as extensions (${format})`,
            querystring: requestsArgs,
          },
          handler: async (req, reply) => {
            checkJurisdiction(req.query.jurisdiction_id, req.ctx.cityCode);
            const catalog = await loadCatalog(k, req.ctx.cityCode);
            const query = requestQuery(req.query, k.clock.now(), catalog);
            return send(reply, format, 'service_requests', await publicRequests(k, req.ctx.cityCode, query));
          },
        });

        scope.get(`/requests/:id.${format}`, {
          schema: { tags, summary: `GET Service Request: one request by its case number, as a list of one (${format})`, params: z.object({ id: z.string().max(64) }), querystring: z.looseObject({ jurisdiction_id: jurisdictionArg, extensions: z.enum(['true', 'false']).optional(), locale: localeArg }) },
          handler: async (req, reply) => {
            checkJurisdiction(req.query.jurisdiction_id, req.ctx.cityCode);
            const one = await publicRequest(k, req.ctx.cityCode, req.params.id, { extensions: req.query.extensions === 'true', locale: localeOf(req.query.locale) });
            if (!one) throw new AppError('not_found', `no service request ${req.params.id}`, { field: 'service_request_id' });
            return send(reply, format, 'service_requests', [one]);
          },
        });

        scope.get(`/tokens/:token.${format}`, {
          schema: { tags, summary: `GET service_request_id from a token (${format})`, params: z.object({ token: z.string().max(64) }), querystring: z.looseObject({ jurisdiction_id: jurisdictionArg }) },
          handler: async (req, reply) => {
            checkJurisdiction(req.query.jurisdiction_id, req.ctx.cityCode);
            const number = await requestOfToken(k, req.ctx.cityCode, req.params.token);
            if (!number) throw new AppError('not_found', `no service request with token ${req.params.token}`, { field: 'token' });
            return send(reply, format, 'service_requests', [{ service_request_id: number, token: req.params.token }]);
          },
        });
      }
    },
    { prefix: open311Base },
  );
}

function send(reply: FastifyReply, format: Format, root: string, value: readonly unknown[] | object, status = 200) {
  if (format === 'xml') return reply.status(status).type('text/xml; charset=utf-8').send(toOpen311Xml(root, value));
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(value));
}

function fail(reply: FastifyReply, format: Format, code: number, description: string) {
  return send(reply, format, 'errors', [{ code, description }], code);
}

// The format of an answer, error or not, is the URL's suffix; JSON when it has none we know.
function formatOf(req: FastifyRequest): Format {
  return /\.xml$/i.test(req.url.split('?')[0]!) ? 'xml' : 'json';
}

function parseWith(parse: (body: Uint8Array) => Open311Fields, body: Buffer, done: (err: Error | null, body?: unknown) => void) {
  try {
    done(null, parse(body));
  } catch (err) {
    done(err as Error);
  }
}

// Some clients put api_key (or all arguments) in the query string of the POST; the body wins.
function queryFields(query: unknown): Open311Fields {
  const out: Open311Fields = {};
  for (const [name, v] of Object.entries((query ?? {}) as Record<string, unknown>)) out[name.replace(/\[\]$/, '')] = (Array.isArray(v) ? v : [v]).map(String);
  return out;
}

/** Service Discovery (http://wiki.open311.org/Service_Discovery): this one endpoint, production, both formats. */
async function discovery(k: Kernel, req: FastifyRequest) {
  const catalog = await loadCatalog(k, req.ctx.cityCode);
  const city = await k.db.selectFrom('core_cities').select(['name_zh', 'name_en']).where('city_code', '=', req.ctx.cityCode).executeTakeFirst();
  // The changeset moves when the services or their definitions change: a new catalog.
  const changeset = formatLocal(catalog.calendar, new Date(catalog.stamp));
  return {
    changeset,
    contact: `${city?.name_zh ?? ''}12345市民服务热线 / ${city?.name_en ?? req.ctx.cityCode} 12345 citizens' hotline: call 12345`,
    key_service: 'api_key: ask the city’s hotline administrators for one (citywork token create --kind open311 --name <your app>)',
    endpoints: [{ specification, url: `${req.protocol}://${req.host}${open311Base}`, changeset, type: 'production', formats: ['text/xml', 'application/json'] }],
  };
}

/** GET Service List: the leaves (6-digit codes) of the taxonomy, grouped by their level-1 category. */
function serviceList(catalog: Catalog, locale: Locale) {
  const en = locale === 'en';
  return [...catalog.categories.values()]
    .filter((c) => c.code.length === 6)
    .map((c) => {
      const group = catalog.categories.get(c.code.slice(0, 2));
      return {
        service_code: c.code,
        service_name: en ? c.nameEn : c.name,
        description: en ? c.pathEn : c.path,
        metadata: c.attributes.length > 0,
        type: 'realtime',
        keywords: c.keywords.join(','),
        group: group ? (en ? group.nameEn : group.name) : '',
      };
    });
}

/** GET Service Definition: the attributes of a leaf service, in their order; 404 for anything else. */
function serviceDefinition(catalog: Catalog, code: string, locale: Locale) {
  const c = catalog.categories.get(code);
  if (!c || code.length !== 6) throw new AppError('not_found', `no service ${code}`, { field: 'service_code' });
  const en = locale === 'en';
  return {
    service_code: c.code,
    attributes: [...c.attributes]
      .sort((a, b) => a.order - b.order)
      .map((a) => ({
        variable: true,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        datatype_description: a.datatypeDescription ?? '',
        order: a.order,
        description: en ? (a.descriptionEn ?? a.description) : a.description,
        ...(a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist' ? { values: a.values ?? [] } : {}),
      })),
  };
}
