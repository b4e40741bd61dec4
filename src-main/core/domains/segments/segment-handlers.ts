// Tags and segments (issue 20): anyone tags the customer on the card; supervisors save segments and
// import lists. All local writes that sync; the card's segments follow from the rules on read.
import type { CustomerLabels, SegmentHandlers } from '../../../../src-shared/index.js';
import { foldLabel } from '../../../../src-shared/text.js';
import { centreToday } from '../../store/campaigns.js';
import { requireCustomer } from '../../store/customers.js';
import { customerLabels, listSegments, saveSegment, savedSegments } from '../../store/segments.js';
import { importTagList, setTag } from '../../store/tags.js';
import type { HandlerContext } from '../handler-context.js';
import { requireSupervisor } from '../planning/process-handlers.js';

export function segmentHandlers(ctx: HandlerContext): SegmentHandlers {
  const { store } = ctx;
  const { db } = store;
  const labelsOf = (customerId: string, now: number): CustomerLabels => {
    const { tags, segments } = customerLabels(db, customerId, centreToday(db, now), now);
    return { tags, segments };
  };
  return {
    'segments.list': () => {
      const now = store.now();
      return listSegments(db, centreToday(db, now), now);
    },
    'segments.save': (input) => {
      store.write((w) => {
        requireSupervisor(db, ctx.currentUserId(), 'saving segments');
        saveSegment(db, w, input);
      });
      const now = store.now();
      return listSegments(db, centreToday(db, now), now);
    },
    'tags.forCustomer': ({ customerId }) => labelsOf(requireCustomer(db, customerId).id, store.now()),
    'tags.set': ({ customerId, tag, on }) =>
      store.write((w) => {
        const owner = requireCustomer(db, customerId).id;
        setTag(db, w, owner, tag, on);
        return labelsOf(owner, w.now);
      }),
    'tags.import': ({ tag, text }) =>
      store.write((w) => {
        requireSupervisor(db, ctx.currentUserId(), 'importing lists');
        return importTagList(db, w, tag, text, ctx.defaultCountry());
      }),
    'tags.known': () => {
      const labels = [
        ...(db.prepare('SELECT DISTINCT tag FROM customer_tag WHERE active = 1 AND deleted = 0').pluck().all() as string[]),
        ...(db.prepare('SELECT DISTINCT segment FROM customer WHERE segment IS NOT NULL AND deleted = 0').pluck().all() as string[]),
        ...savedSegments(db).map((s) => s.name),
      ];
      const byFold = new Map<string, string>();
      for (const l of labels) if (foldLabel(l) !== '' && !byFold.has(foldLabel(l))) byFold.set(foldLabel(l), l.trim());
      return [...byFold.values()].sort((a, b) => a.localeCompare(b, 'ru'));
    },
  };
}
