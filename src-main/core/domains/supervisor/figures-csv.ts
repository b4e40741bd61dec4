// The figures as one CSV file for spreadsheets: a UTF-8 BOM (without it Excel reads the Cyrillic
// names as Windows-1251), RFC 4180 quoting and CRLF line ends, and one section per table of the
// Figures view, each headed by its title and a header row in the supervisor's language.
import type { Channel, Direction, Locale, RatingChannel, Reason } from '../../../../src-shared/domain.js';
import type { FiguresResponse, FiguresRow } from '../../../../src-shared/supervisor/protocol.js';

const BOM = '\uFEFF';

type Labels = {
  operators: string;
  byHour: string;
  byReason: string;
  byChannel: string;
  satisfaction: string;
  mean: string;
  ratingChannels: Record<RatingChannel, string>;
  total: string;
  columns: Record<Exclude<keyof FiguresRow, 'userId'>, string>;
  hour: string;
  calls: string;
  emails: string;
  faxes: string;
  reason: string;
  channel: string;
  direction: string;
  count: string;
  reasons: Record<Reason, string>;
  channels: Record<Channel, string>;
  directions: Record<Direction, string>;
};

const LABELS: Record<Locale, Labels> = {
  ru: {
    operators: 'Операторы',
    byHour: 'По часам',
    byReason: 'По причинам',
    byChannel: 'По каналам',
    satisfaction: 'Оценки клиентов',
    mean: 'Средняя оценка',
    ratingChannels: { ivr: 'После звонка (IVR)', chat: 'Чат', messenger: 'Мессенджер', email: 'Email', sms: 'SMS' },
    total: 'Итого',
    columns: {
      name: 'Оператор',
      callsIn: 'Входящие звонки',
      callsOut: 'Исходящие звонки',
      emails: 'Письма',
      faxes: 'Факсы',
      complaints: 'Жалобы',
      serviceRequests: 'Заявки на обслуживание',
      informationRequests: 'Запросы информации',
      sales: 'Продажи',
      other: 'Прочее',
      avgHandlingS: 'Среднее время обработки, с',
      missed: 'Пропущенные',
      missedCalledBack: 'Перезвонили',
      casesOpened: 'Открыто обращений',
      casesClosed: 'Закрыто обращений',
      chats: 'Чаты и мессенджеры',
      ratings: 'Оценки клиентов',
      ratingMean: 'Средняя оценка',
    },
    hour: 'Час',
    calls: 'Звонки',
    emails: 'Письма',
    faxes: 'Факсы',
    reason: 'Причина',
    channel: 'Канал',
    direction: 'Направление',
    count: 'Количество',
    reasons: { complaint: 'Жалоба', service_request: 'Заявка на обслуживание', information: 'Запрос информации', sales: 'Продажа', other: 'Прочее' },
    channels: { call: 'Звонок', email: 'Письмо', fax: 'Факс', web: 'Сайт', chat: 'Чат', messenger: 'Мессенджер', sms: 'SMS' },
    directions: { in: 'Входящий', out: 'Исходящий' },
  },
  en: {
    operators: 'Operators',
    byHour: 'By hour',
    byReason: 'By reason',
    byChannel: 'By channel',
    satisfaction: 'Customers’ ratings',
    mean: 'Mean rating',
    ratingChannels: { ivr: 'After a call (IVR)', chat: 'Chat', messenger: 'Messenger', email: 'Email', sms: 'SMS' },
    total: 'Total',
    columns: {
      name: 'Operator',
      callsIn: 'Calls in',
      callsOut: 'Calls out',
      emails: 'Emails',
      faxes: 'Faxes',
      complaints: 'Complaints',
      serviceRequests: 'Service requests',
      informationRequests: 'Information requests',
      sales: 'Sales',
      other: 'Other',
      avgHandlingS: 'Average handling time, s',
      missed: 'Missed calls',
      missedCalledBack: 'Called back',
      casesOpened: 'Cases opened',
      casesClosed: 'Cases closed',
      chats: 'Chats and messengers',
      ratings: 'Customers’ ratings',
      ratingMean: 'Mean rating',
    },
    hour: 'Hour',
    calls: 'Calls',
    emails: 'Emails',
    faxes: 'Faxes',
    reason: 'Reason',
    channel: 'Channel',
    direction: 'Direction',
    count: 'Count',
    reasons: { complaint: 'Complaint', service_request: 'Service request', information: 'Information request', sales: 'Sales', other: 'Other' },
    channels: { call: 'Call', email: 'Email', fax: 'Fax', web: 'Website', chat: 'Chat', messenger: 'Messenger', sms: 'SMS' },
    directions: { in: 'Inbound', out: 'Outbound' },
  },
};

/**
 * RFC 4180: a field with a quote, comma or line break is quoted, and its quotes doubled. A text that
 * a spreadsheet would run as a formula (= + - @, tab, carriage return first: an operator's name is
 * typed by whoever created the account) gets a leading apostrophe, as OWASP advises; numbers stay numbers.
 */
export function csvField(value: string | number | null, separator: CsvSeparator = ','): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /["\r\n]/.test(s) || s.includes(separator) || s.includes(',') ? `"${s.replace(/"/g, '""')}"` : s;
}

export type CsvSeparator = ',' | ';';

/**
 * The list separator a spreadsheet of the user's language expects: Russian Excel and LibreOffice
 * split on ";" (the comma is their decimal mark) and open a comma-separated file as one column.
 */
export function csvSeparator(locale: Locale): CsvSeparator {
  return locale === 'ru' ? ';' : ',';
}

const ROW_COLUMNS = [
  'name', 'callsIn', 'callsOut', 'emails', 'faxes', 'complaints', 'serviceRequests', 'informationRequests', 'sales', 'other',
  'avgHandlingS', 'missed', 'missedCalledBack', 'casesOpened', 'casesClosed', 'chats', 'ratings', 'ratingMean',
] as const satisfies readonly (keyof FiguresRow)[];

export function figuresFileName(figures: Pick<FiguresResponse, 'from' | 'to'>): string {
  return `figures-${figures.from}_${figures.to}.csv`;
}

export function figuresCsv(figures: FiguresResponse, locale: Locale): string {
  const l = LABELS[locale];
  const separator = csvSeparator(locale);
  const line = (fields: (string | number | null)[]): string => fields.map((f) => csvField(f, separator)).join(separator);
  const rowFields = (row: FiguresRow, name: string) =>
    ROW_COLUMNS.map((c) => (c === 'name' ? name : c === 'avgHandlingS' ? (row.avgHandlingS === null ? null : Math.round(row.avgHandlingS)) : row[c]));
  const lines: string[] = [
    line([`${l.operators} ${figures.from} — ${figures.to} (${figures.timeZone})`]),
    line(ROW_COLUMNS.map((c) => l.columns[c])),
    ...figures.operators.map((r) => line(rowFields(r, r.name))),
    line(rowFields(figures.total, l.total)),
    '',
    line([l.byHour]),
    line([l.hour, l.calls, l.emails, l.faxes]),
    ...figures.byHour.map((h) => line([`${String(h.hour).padStart(2, '0')}:00`, h.calls, h.emails, h.faxes])),
    '',
    line([l.byReason]),
    line([l.reason, l.count]),
    ...figures.byReason.map((r) => line([l.reasons[r.reason], r.count])),
    '',
    line([l.byChannel]),
    line([l.channel, l.direction, l.count]),
    ...figures.byChannel.map((c) => line([l.channels[c.channel], l.directions[c.direction], c.count])),
    '',
    line([l.satisfaction]),
    line([l.reason, l.count, l.mean]),
    ...figures.satisfaction.byReason.map((r) => line([l.reasons[r.reason], r.count, r.mean])),
    line([l.channel, l.count, l.mean]),
    ...figures.satisfaction.byChannel.map((r) => line([l.ratingChannels[r.channel], r.count, r.mean])),
  ];
  return BOM + lines.join('\r\n') + '\r\n';
}
