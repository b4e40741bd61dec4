import { MISSED_OUTCOME } from '../../../src-shared/domain.js';
import { useVirtualizer } from '@tanstack/react-virtual';
import { CHANNEL_ICON } from '../../lib/channelIcons.js';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, type CSSProperties, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, isLoggedChannel, REASONS, type Channel, type Reason } from '../../../src-shared/domain.js';
import type { Case, HistoryEntry } from '../../../src-shared/api/entities.js';
import { Progress } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { entryAt, HISTORY_PAGE, type HistoryFilters, type HistoryState } from '../../stores/history.js';
import { useHistory, useStores } from '../../stores/index.js';
import { rowText, type RowText } from './rowText.js';

/** Fixed row height: measuring 10,000 rows would cost more than it gives on a dense list. */
export const ROW_HEIGHT = 64;

/**
 * Rows rendered beyond each edge of the viewport. A fast fling replaces every row each frame, so each
 * extra row is paid on every frame; 3 covers a wheel step and keyboard scrolling without blank rows.
 */
const OVERSCAN = 3;

/**
 * Each row is its own layout and paint island (its size is fixed), so mounting rows during a scroll
 * lays out only those rows, not the list around them.
 */
const ROW_STYLE: CSSProperties = { height: ROW_HEIGHT, contain: 'strict' };


/** Where a loaded entry now sits in the list, or -1 (only loaded pages are searched). */
function indexOfEntry(s: Pick<HistoryState, 'pages'>, id: string): number {
  for (const [page, rows] of Object.entries(s.pages)) {
    const i = rows.findIndex((r) => r.id === id);
    if (i >= 0) return Number(page) * HISTORY_PAGE + i;
  }
  return -1;
}

/** The entry at the top of the viewport when it was scrolled to `top`, if that row is loaded. */
function anchorAt(s: Pick<HistoryState, 'pages' | 'total'>, top: number): Anchor | null {
  const index = Math.floor(top / ROW_HEIGHT);
  const entry = entryAt(s, index);
  return entry ? { id: entry.id, index, top, offset: top - index * ROW_HEIGHT, total: s.total } : null;
}

interface Anchor {
  id: string;
  /** Its index and the scroll offset when it was recorded. */
  index: number;
  top: number;
  /** Pixels scrolled past the top of that entry. */
  offset: number;
  total: number;
}

export function Timeline({ scrollRef }: { scrollRef: RefObject<HTMLDivElement | null> }) {
  const { t, i18n } = useTranslation();
  const { history, ui } = useStores();
  const text = rowText(i18n, i18n.language);
  const total = useHistory((s) => s.total);
  const status = useHistory((s) => s.status);
  const error = useHistory((s) => s.error);
  const generation = useHistory((s) => s.generation);
  const filters = useHistory((s) => s.filters);
  const cases = useHistory((s) => s.cases);
  // Subscribing to pages re-renders the visible rows when a page arrives.
  useHistory((s) => s.pages);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (total > 0) history.getState().ensureRange(first, last);
  }, [first, last, total, generation, history]);

  // The entry at the top of the viewport, so a background refresh can keep the operator's place.
  // The pages and total of the last render: what the operator was looking at when a background
  // refresh replaces the list. Kept per render instead of reading scrollTop on every scroll event or
  // commit, which forced a synchronous layout of the freshly mounted rows on every frame of a fling.
  const shown = useRef<Pick<HistoryState, 'pages' | 'total'>>({ pages: {}, total: 0 });
  // Set by a background refresh; resolved once the rows around the old place are loaded again.
  const pending = useRef<Anchor | null>(null);

  // A new list (another customer, a filter, an entry the operator just logged) starts at its newest
  // entry. Rows that arrived in the background (sync) do not move the operator: at the head the new
  // rows simply appear; scrolled down, the same entry stays at the top of the viewport.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const waiting = pending.current;
    pending.current = null;
    if (!el) return;
    if (!history.getState().keepScroll) {
      el.scrollTo?.({ top: 0 });
      return;
    }
    // A refresh while the previous one still waits for its rows keeps the operator's original place.
    const a = waiting ?? anchorAt(shown.current, el.scrollTop);
    if (a && a.top >= ROW_HEIGHT / 2) pending.current = a;
  }, [generation, scrollRef, history]);

  useLayoutEffect(() => {
    const s = history.getState();
    shown.current = { pages: s.pages, total: s.total };
    const el = scrollRef.current;
    const p = pending.current;
    if (!el || !p) return;
    const index = indexOfEntry(s, p.id);
    if (index >= 0) {
      el.scrollTop = index * ROW_HEIGHT + p.offset;
    } else if (s.pages[Math.floor(p.index / HISTORY_PAGE)]) {
      // The rows around the old place are back and the entry is not among them (it moved further
      // than a page): assume the new rows are the newest, which is what sync mostly brings.
      el.scrollTop = p.top + Math.max(0, s.total - p.total) * ROW_HEIGHT;
    } else {
      return;
    }
    pending.current = null;
  });

  const caseSubjects = useMemo(() => new Map(cases.map((c) => [c.id, c.subject])), [cases]);
  const openCorrection = useCallback(
    (entry: HistoryEntry) => {
      if (isLoggedChannel(entry.channel)) ui.getState().openDialog({ kind: 'log', channel: entry.channel, corrects: entry });
    },
    [ui],
  );
  const openEntry = useCallback((entry: HistoryEntry) => ui.getState().openDialog({ kind: 'entry', entryId: entry.id }), [ui]);

  return (
    <section className="panel timeline" aria-labelledby="timeline-title" data-testid="timeline">
      <TimelineHead total={total} filters={filters} cases={cases} />
      <div aria-live="polite" className="timeline-status">
        {status === 'loading' && <Progress label={t('history.loading')} />}
        {status === 'error' && (
          <span role="alert" className="field-error">
            {errorMessage(error, t)}
          </span>
        )}
        {status === 'ready' && total === 0 && <span className="muted">{t('history.empty')}</span>}
      </div>
      <div
        ref={scrollRef}
        className="timeline-scroll"
        tabIndex={0}
        role="region"
        aria-label={t('history.title')}
        aria-keyshortcuts="Alt+H"
        data-testid="timeline-scroller"
      >
        <ol className="timeline-list" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const entry = entryAt(history.getState(), item.index);
            return (
              <li
                key={item.key}
                className="timeline-row"
                style={{ ...ROW_STYLE, transform: `translateY(${item.start}px)` }}
                aria-setsize={total}
                aria-posinset={item.index + 1}
                data-index={item.index}
              >
                {entry ? (
                  <EntryRow
                    entry={entry}
                    caseSubject={entry.caseId ? caseSubjects.get(entry.caseId) : undefined}
                    text={text}
                    onCorrect={openCorrection}
                    onOpen={openEntry}
                  />
                ) : (
                  <div className="timeline-skeleton" aria-hidden="true" />
                )}
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
}

/**
 * The heading and filters, memoised apart from the rows: the list re-renders on every scroll frame,
 * and these ~15 translated labels do not change with it.
 */
const TimelineHead = memo(function TimelineHead({ total, filters, cases }: { total: number; filters: HistoryFilters; cases: Case[] }) {
  const { t } = useTranslation();
  const { history } = useStores();
  return (
    <div className="timeline-head">
      <h3 id="timeline-title">
        {t('history.title')} <span className="muted">· {t('history.entries', { count: total })}</span>
      </h3>
      <div className="timeline-filters" role="group" aria-label={t('history.filters')}>
        <label className="inline-field">
          <span>{t('channel.label')}</span>
          <select
            value={filters.channel ?? ''}
            onChange={(e) => history.getState().setFilters({ channel: (e.target.value || undefined) as Channel | undefined })}
            data-testid="filter-channel"
          >
            <option value="">{t('history.allChannels')}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('reason.label')}</span>
          <select
            value={filters.reason ?? ''}
            onChange={(e) => history.getState().setFilters({ reason: (e.target.value || undefined) as Reason | undefined })}
            data-testid="filter-reason"
          >
            <option value="">{t('history.allReasons')}</option>
            {REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`reason.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('history.case')}</span>
          <select
            value={filters.caseId ?? ''}
            onChange={(e) => history.getState().setFilters({ caseId: e.target.value || undefined })}
            data-testid="filter-case"
          >
            <option value="">{t('history.allCases')}</option>
            {cases.map((c) => (
              <option key={c.id} value={c.id}>
                {c.subject}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
});

interface EntryRowProps {
  entry: HistoryEntry;
  caseSubject: string | undefined;
  text: RowText;
  onCorrect: (entry: HistoryEntry) => void;
  onOpen: (entry: HistoryEntry) => void;
}

/**
 * Memoised: the list re-renders on every scroll frame and page arrival, and a row whose entry did not
 * change is skipped. No hooks inside (each useTranslation subscribes to i18n events per row).
 */
const EntryRow = memo(function EntryRow({ entry, caseSubject, text, onCorrect, onOpen }: EntryRowProps) {
  const time = text.dateTime(entry.occurredAt);
  return (
    <article className={`entry entry-${entry.channel} ${entry.correctsId ? 'entry-correction' : ''}`} data-testid="timeline-entry" data-entry-id={entry.id}>
      <div className="entry-line">
        <span className={`entry-channel ch-${entry.channel}`}>
          <span aria-hidden="true">{CHANNEL_ICON[entry.channel]} </span>
          {text.label(`channel.${entry.channel}`)}
        </span>
        <span className={`entry-dir dir-${entry.direction}`}>
          <span aria-hidden="true">{entry.direction === 'in' ? '↙ ' : '↗ '}</span>
          {text.label(`direction.${entry.direction}`)}
        </span>
        <time dateTime={new Date(entry.occurredAt).toISOString()}>{time}</time>
        {entry.durationS != null && <span className="muted">{text.duration(entry.durationS)}</span>}
        {(entry.channel === 'fax' || entry.channel === 'sms') && entry.number && <span className="muted entry-number" data-testid="entry-number">{text.phone(entry.number)}</span>}
        <span className={`badge tile-${entry.reason}`}>{text.label(`reason.${entry.reason}`)}</span>
        {entry.mood && <span className={`mood mood-${entry.mood}`}>{text.label(`mood.${entry.mood}`)}</span>}
        {caseSubject && <span className="entry-case">{caseSubject}</span>}
        {entry.correctsId && <span className="badge">{text.label('history.correction')}</span>}
        {entry.delivery && (
          <span className={`badge delivery-${entry.delivery}`} data-testid="entry-delivery">{text.label(`compose.delivery_${entry.delivery}`)}</span>
        )}
        <span className="entry-who">
          {entry.user ? text.label('history.by', { name: entry.user.name }) : text.label('history.by', { name: text.label('history.system') })}
        </span>
        {isLoggedChannel(entry.channel) && (
          <button type="button" className="btn btn-link entry-correct" aria-label={text.correctNamed(time)} onClick={() => onCorrect(entry)}>
            {text.label('history.correct')}
          </button>
        )}
      </div>
      {/* The whole line opens the entry in full: Enter on it, or a click (docs/operators.md). */}
      {/* The accessible name is the visible text with what the button does before it (WCAG 2.5.3). */}
      <button type="button" className="entry-preview entry-open" onClick={() => onOpen(entry)} data-testid="entry-open">
        <span className="visually-hidden">{text.openNamed(text.label(`channel.${entry.channel}`), time)}: </span>
        {entry.subject && <strong>{entry.subject} — </strong>}
        {entry.outcome && <em>{entry.outcome === MISSED_OUTCOME ? text.label('teamCalls.missedOutcome') : entry.outcome}. </em>}
        {text.system(entry.preview)}
        {entry.promise && <span className="entry-promise"> {text.label('history.promise', { text: entry.promise })}</span>}
        {entry.attachmentCount > 0 && <span className="muted"> · {text.label('history.attachments', { count: entry.attachmentCount })}</span>}
        {entry.faxPages != null && <span className="muted"> · {text.label('history.faxPages', { count: entry.faxPages })}</span>}
      </button>
    </article>
  );
});
