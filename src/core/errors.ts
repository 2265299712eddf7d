/** The closed set of error kinds; domain code picks a kind, never an HTTP status. */
export const errorKinds = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  'rate_limited',
  'unavailable',
] as const;

export type ErrorKind = (typeof errorKinds)[number];

// The one place where a kind becomes an HTTP status.
const httpStatusByKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

export interface AppErrorOptions {
  field?: string;
  details?: unknown;
  cause?: unknown;
}

/** The one error class of citywork: a kind, a message, optionally the field and details. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly field?: string;
  readonly details?: unknown;

  constructor(kind: ErrorKind, message: string, { field, details, cause }: AppErrorOptions = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'AppError';
    this.kind = kind;
    this.field = field;
    this.details = details;
  }

  /** The HTTP status this error is answered with. */
  get status(): number {
    return httpStatusByKind[this.kind];
  }

  /** The body every error is answered with: `{error:{kind,message,field?,details?}}`. */
  toBody(): ErrorBody {
    const error: ErrorBody['error'] = { kind: this.kind, message: this.message };
    if (this.field !== undefined) error.field = this.field;
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}

export interface ErrorBody {
  error: { kind: ErrorKind; message: string; field?: string; details?: unknown };
}

/** The HTTP status for an error kind. */
export function httpStatusOf(kind: ErrorKind): number {
  return httpStatusByKind[kind];
}

/** Whether a value is an AppError (also across module copies). */
export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
