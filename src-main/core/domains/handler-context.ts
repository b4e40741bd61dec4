// What every domain's handlers are given by the engine.
import type { Store } from '../store/write-path.js';

export interface HandlerContext {
  store: Store;
  /** The operator this desktop acts as, read on every call (it changes at sign-in). */
  currentUserId: () => string;
  /** The country a number without a country code is read in (settings). */
  defaultCountry: () => string;
}
