/**
 * One error type for everything a user can act on. Callers branch on `code`, never on
 * message text; adapters turn `messageKey` into words in the viewer's language.
 */
export type ErrorCode =
  | 'NOT_ALLOWED'
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'INVALID_STATE'
  | 'ALREADY_DECIDED'
  | 'CONSENT_REQUIRED'
  | 'CONFLICT'
  | 'STORE_UNAVAILABLE'
  | 'CONFIG_INVALID';

export type ErrorVars = Record<string, string | number>;

export class AmparoError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messageKey: string,
    readonly vars: ErrorVars = {},
    options?: ErrorOptions,
  ) {
    super(`${code}: ${messageKey}`, options);
    this.name = 'AmparoError';
  }
}

export function isAmparoError(error: unknown, code?: ErrorCode): error is AmparoError {
  return error instanceof AmparoError && (code === undefined || error.code === code);
}

/** What lies under a coded error (a store's own failure under `STORE_UNAVAILABLE`), for the log only. */
export function causeMessage(error: Error): string {
  let cause: unknown = error.cause;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  return cause instanceof Error ? cause.message : '';
}
