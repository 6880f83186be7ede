import { AmparoError } from '../errors';
import { StoreUnavailable, type Store } from '../store/store';

/** The one coded error for a store that cannot answer: callers above the services see only the code. */
function storeUnavailable(error: StoreUnavailable): AmparoError {
  return new AmparoError('STORE_UNAVAILABLE', 'errors.store_unavailable', {}, { cause: error });
}

function translated(error: unknown): unknown {
  return error instanceof StoreUnavailable ? storeUnavailable(error) : error;
}

/**
 * The store as the services use it: every method answers as the store does, except that a
 * store that cannot answer (`StoreUnavailable`, a port's error class) becomes the coded error
 * `STORE_UNAVAILABLE`, so flows and adapters branch on a code and never on a store's class.
 * Conflicts (`StoreConflict`) pass unchanged: the services themselves branch on them.
 */
export function answering(store: Store): Store {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        let result: unknown;
        try {
          result = Reflect.apply(value, target, args);
        } catch (error) {
          throw translated(error);
        }
        return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(translated(error))) : result;
      };
    },
  });
}
