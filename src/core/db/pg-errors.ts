import { AppError } from '../errors.js';

// PostgreSQL SQLSTATE classes that mean "the database is not there", not "your input is wrong".
const connectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03']);

/** Whether an error means the database could not be reached or went away. */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code ?? '';
  if (connectionCodes.has(code) || code.startsWith('08')) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable|Cannot use a pool after calling end/i.test(
    err.message,
  );
}

/** Translates a database error into an AppError where it has a meaning for the caller. */
export function translateDbError(err: unknown): unknown {
  if (err instanceof AppError || !(err instanceof Error)) return err;
  if (isConnectionError(err)) return new AppError('unavailable', 'the database is unavailable; try again shortly', { cause: err });
  const e = err as { code?: string; constraint?: string; detail?: string; column?: string };
  if (e.code === '23505') return new AppError('conflict', `already exists${e.detail ? `: ${e.detail}` : ''}`, { cause: err, details: { constraint: e.constraint } });
  if (e.code === '23503') return new AppError('conflict', `refers to something that does not exist or is still referred to`, { cause: err, details: { constraint: e.constraint } });
  if (e.code === '23502') return new AppError('invalid', `${e.column ?? 'a field'} is required`, { cause: err, field: e.column });
  if (e.code === '22P02' || e.code === '22007' || e.code === '22008') return new AppError('invalid', err.message, { cause: err });
  return err;
}
