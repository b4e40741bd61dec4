// What a customer found by search shows besides the name, the same in the search dialog and in the
// pickers (attach, merge): organisation, one formatted phone, one email, what matched, the last
// contact and the open cases, in the operator's language.
import type { TFunction } from 'i18next';
import type { SearchResults } from '../../src-shared/api/entities.js';
import { formatDate } from '../i18n/format.js';

export type CustomerHit = SearchResults['customers'][number];

export function hitDetails(h: CustomerHit, t: TFunction, lng: string): string {
  return [
    h.organisation,
    h.phone,
    h.email,
    t(`search.matched.${h.matched}`),
    h.lastContactAt === null ? t('search.noContact') : t('search.lastContact', { date: formatDate(h.lastContactAt, lng) }),
    h.openCases > 0 ? t('search.openCases', { count: h.openCases }) : null,
  ].filter(Boolean).join(' · ');
}
