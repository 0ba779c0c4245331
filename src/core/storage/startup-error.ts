/**
 * The configured database cannot be used. Said plainly for the operator (what is wrong, what
 * to do), never with a stack; `main` exits with a code of its own per kind, so a supervisor
 * can tell "needs a person" from "try again later".
 */
export class StoreStartupError extends Error {
  override name = 'StoreStartupError';

  constructor(
    /** unusable: a person must act (permissions, a damaged or foreign file, a refused login); unreachable: the server may come back. */
    readonly kind: 'unusable' | 'unreachable',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Where the README explains restoring, quoted in every message that ends in "restore". */
export const RESTORE_HINT = 'restore it from your latest backup (README → Operations → Backups)';
