import { useTranslation } from 'react-i18next';
import type { DiaryEntry } from '../../../src-shared/planning/diary.js';
import { formatCountdown, formatTime } from '../../i18n/format.js';
import { useSystemText } from '../../lib/systemText.js';

const ICON = { task: '☐', appointment: '◷', call: '☎' } as const;

/** One line of the diary: the time, what it is, and its state. */
/** `compact` (the week's narrow columns): the title has the first line to itself, the time leads the second. */
export function DiaryEntryRow({ entry, now, compact = false }: { entry: DiaryEntry; now: number; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const sys = useSystemText();
  const lng = i18n.language;
  let title: string;
  let detail: string;
  let tone = '';
  switch (entry.kind) {
    case 'task':
      title = sys(entry.title);
      detail = entry.customerName + (entry.process ? ` · ${entry.process}` : '');
      if (entry.status === 'done') {
        detail = `${t('diary.taskDone')} · ${detail}`;
        tone = 'diary-done';
      } else {
        // The live countdown, exact to the minute: what is about to breach shows before it does.
        detail = `${formatCountdown(entry.at, now, t)} · ${detail}`;
        if (entry.at < now) tone = 'diary-overdue';
      }
      break;
    case 'appointment': {
      const a = entry.appointment;
      title = a.title;
      detail = `${t(`diary.state_${a.state}`)} · ${formatTime(a.startsAt, lng)}–${formatTime(a.endsAt, lng)}${a.customerName ? ` · ${a.customerName}` : ''}`;
      tone = `diary-appointment-${a.state}`;
      break;
    }
    case 'call':
      title = entry.customerName;
      detail = entry.outcome ? sys(entry.outcome) : t(entry.direction === 'in' ? 'diary.kind_call' : 'diary.kind_call');
      break;
  }
  return (
    <span className={`diary-entry ${tone}`} title={`${title} — ${detail}`} data-testid="diary-entry" data-kind={entry.kind}>
      {!compact && <span className="diary-time">{formatTime(entry.at, lng)}</span>}
      <span className="diary-icon" aria-hidden="true">{ICON[entry.kind]}</span>
      <span className="visually-hidden">{t(`diary.kind_${entry.kind}`)}: </span>
      <span className="diary-text">
        <strong>{title}</strong>
        <span className="diary-detail">{compact ? `${formatTime(entry.at, lng)} · ${detail}` : detail}</span>
      </span>
    </span>
  );
}
