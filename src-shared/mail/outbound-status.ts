// Where a letter written in Kartoteka stands (issue 20): queued until the server's relay took it,
// then sent; failed once the relay refused it for good or the attempts ran out.
import { z } from 'zod';

export const OUTBOUND_STATUSES = ['queued', 'sent', 'failed'] as const;
export const OutboundStatus = z.enum(OUTBOUND_STATUSES);
export type OutboundStatus = z.infer<typeof OutboundStatus>;
