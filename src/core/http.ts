import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, isAppError } from './errors.js';
import { newId } from './ids.js';
import { translateDbError } from './db/pg-errors.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { RequestContext } from './context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, from where, under which request id: set before any handler runs. */
    ctx: RequestContext;
  }
}

export interface HttpOptions {
  logger: Logger;
  metrics: Metrics;
  bodyLimitBytes: number;
  cookieSecret: string;
  trustProxy: boolean;
  version: string;
  /** Whether the database answered its last ping; requests get 503 while it did not. */
  isReady: () => boolean;
}

// Routes that must answer even while the database is down.
const alwaysOpen = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The HTTP shell every route runs in: request ids, JSON logs, zod validation, the one error
 * shape, OpenAPI docs at /docs, Prometheus metrics, and the readiness gate.
 */
export async function createHttp(opts: HttpOptions): Promise<FastifyInstance<any, any, any, any, ZodTypeProvider>> {
  const app = Fastify({
    loggerInstance: opts.logger,
    bodyLimit: opts.bodyLimitBytes,
    trustProxy: opts.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => newId('req'),
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('ctx', null as unknown as RequestContext);
  // JSON must be UTF-8 (RFC 8259): a body that is not is refused, not decoded with U+FFFD
  // in place of its bad bytes. Parsing itself stays Fastify's, safe against __proto__.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new AppError('invalid', 'body is not valid UTF-8', { field: 'body' }), undefined);
      return;
    }
    parseJson(req, text, done);
  });

  await app.register(fastifyCookie, { secret: opts.cookieSecret });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'citywork API', version: opts.version, description: 'The city work platform: every route, generated from the schemas that validate its requests.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token (`cwt_…`) from `citywork token create`' },
          session: { type: 'apiKey', in: 'cookie', name: 'cw_session', description: 'A console session from POST /api/auth/login; unsafe methods also need the x-csrf-token header' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    const path = req.url.split('?')[0]!;
    if (!opts.isReady() && !alwaysOpen.has(path) && !path.startsWith('/docs')) {
      throw new AppError('unavailable', 'the database is unavailable; try again shortly');
    }
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    opts.metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    opts.metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((err: FastifyError, req, reply) => sendError(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    const e = new AppError('not_found', `no route ${req.method} ${req.url.split('?')[0]}`);
    return reply.status(e.status).send(e.toBody());
  });
  return app;
}

/** Turns any error into the one error shape; unknown errors are logged and answered as 500. */
export function toAppError(err: unknown): AppError | null {
  if (isAppError(err)) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issue = err.validation[0]!;
    const where = (err as { validationContext?: string }).validationContext ?? 'body';
    const keys = (issue.params as { keys?: string[] }).keys;
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const field = keys?.length ? [path, keys[0]].filter(Boolean).join('.') : path || where;
    const message = keys?.length ? `unknown field ${field} in ${where}` : `${where}.${field}: ${issue.message}`.replace(`${where}.${where}:`, `${where}:`);
    return new AppError('invalid', message, {
      field,
      details: err.validation.map((v) => {
        const extra = (v.params as { keys?: string[] }).keys;
        const base = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        return { field: extra?.length ? [base, ...extra].filter(Boolean).join('.') : base || where, problem: v.message, in: where };
      }),
    });
  }
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('too_large', `body is larger than the limit of ${fe.message.match(/\d+/)?.[0] ?? ''} bytes`, { field: 'body' });
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('invalid', `unsupported content type; send application/json`, { field: 'content-type' });
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return new AppError('invalid', 'body must not be empty when content-type is application/json', { field: 'body' });
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && err instanceof SyntaxError)) return new AppError('invalid', `body is not valid JSON: ${fe.message}`, { field: 'body' });
  if (typeof fe.statusCode === 'number' && fe.statusCode === 400) return new AppError('invalid', fe.message);
  if (typeof fe.statusCode === 'number' && fe.statusCode === 413) return new AppError('too_large', fe.message, { field: 'body' });
  if (typeof fe.statusCode === 'number' && fe.statusCode === 415) return new AppError('invalid', fe.message, { field: 'content-type' });
  const translated = translateDbError(err);
  return isAppError(translated) ? translated : null;
}

function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(err);
  if (appError) {
    if (appError.kind === 'unavailable') req.log.warn({ err: appError.message }, 'unavailable');
    if (appError.kind === 'rate_limited') {
      const retry = (appError.details as { retryAfterS?: number } | undefined)?.retryAfterS;
      if (retry) reply.header('retry-after', String(retry));
    }
    return reply.status(appError.status).type('application/json; charset=utf-8').send(appError.toBody());
  }
  req.log.error({ err }, 'unhandled error');
  return reply.status(500).type('application/json; charset=utf-8').send({ error: { kind: 'internal', message: `internal error; quote request id ${req.id}` } });
}
