// Search over customers, their contacts and the text of their history.
import type { SearchHandlers } from '../../../../src-shared/index.js';
import type { HandlerContext } from '../handler-context.js';
import { search } from './search.js';

export function searchHandlers(ctx: HandlerContext): SearchHandlers {
  const { store } = ctx;
  return {
    'search.query': (input) => store.read(() => search(store.db, input.q, input.limit, ctx.defaultCountry(), store.now())),
  };
}
