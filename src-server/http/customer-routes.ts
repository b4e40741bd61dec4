// Customers as a whole: merging two of them (issue 16). Any signed-in user may merge customers in
// their scope; the owner lock decides the rest (customers/merge.ts).
import type { FastifyInstance } from 'fastify';
import { CustomerMergeRequest, type CustomerMergeResponse } from '../../src-shared/sync/customer-merge.js';
import { mergeCustomers } from '../customers/merge.js';
import { parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

export function registerCustomerRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/customers/merge', async (request): Promise<CustomerMergeResponse> => {
    const user = await ctx.authenticate(request);
    const input = parseOr400(CustomerMergeRequest, request.body);
    const outcome = await mergeCustomers(ctx.db, user, input, ctx.now());
    // The moved rows are new changes: desktops pull them now, not at their next poll.
    if (outcome.changed) ctx.feed.notify();
    return outcome.response;
  });
}
