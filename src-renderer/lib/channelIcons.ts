// The symbol of each channel, beside its name in the timeline and the search results.
import type { Channel } from '../../src-shared/domain.js';

export const CHANNEL_ICON: Record<Channel, string> = { call: '☎', email: '✉', fax: '▤', web: '⌂', chat: '💬', messenger: '✆', sms: '✉︎' };
