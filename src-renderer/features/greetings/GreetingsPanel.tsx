import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerGreetings } from '../../../src-shared/greetings/greeting.js';
import { useApi } from '../../api/context.js';
import { Checkbox, SelectField, TextField } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { useStores } from '../../stores/index.js';

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const DAYS = Array.from({ length: 31 }, (_, i) => i + 1);

/** "03-08" as the operator reads it: 8 March, in the interface's language. */
function dayName(monthDay: string, lng: string): string {
  return new Intl.DateTimeFormat(lng, { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.parse(`2000-${monthDay}T00:00:00Z`));
}

/**
 * The customer's own dates worth greeting (issue 20), "their dog's birthday", and their stop to
 * greetings, on the card. Local writes that sync; the server greets by the supervisors' rules.
 */
export function GreetingsPanel({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const titleId = useId();
  const [data, setData] = useState<CustomerGreetings | null>(null);
  const [label, setLabel] = useState('');
  const [month, setMonth] = useState(1);
  const [day, setDay] = useState(1);
  const fail = useCallback((e: unknown) => ui.getState().toast('error', (tr) => errorMessage(e, tr)), [ui]);
  useEffect(() => {
    let live = true;
    api['greetings.dates']({ customerId }).then((d) => live && setData(d), () => live && setData(null));
    return () => {
      live = false;
    };
  }, [api, customerId]);
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!label.trim()) return;
    api['greetings.addDate']({ customerId, label: label.trim(), monthDay: `${pad(month)}-${pad(day)}` }).then((d) => {
      setData(d);
      setLabel('');
    }, fail);
  };
  if (!data) return null;
  return (
    <section className="panel greetings" aria-labelledby={titleId} data-testid="greetings">
      <h3 id={titleId}>{t('greetings.title')}</h3>
      {data.dates.length === 0 ? <p className="muted">{t('greetings.none')}</p> : (
        <ul className="greeting-dates">
          {data.dates.map((d) => (
            <li key={d.id} data-testid="greeting-date">
              <strong>{dayName(d.monthDay, i18n.language)}</strong> · {d.label}{' '}
              <button type="button" className="btn btn-small" aria-label={t('greetings.removeNamed', { label: d.label })}
                onClick={() => api['greetings.removeDate']({ id: d.id, customerId }).then(setData, fail)}>×</button>
            </li>
          ))}
        </ul>
      )}
      <form className="greeting-add" onSubmit={add} data-testid="greeting-add">
        <TextField label={t('greetings.label')} placeholder={t('greetings.labelHint')} value={label} onChange={(e) => setLabel(e.target.value)} />
        <SelectField label={t('greetings.day')} value={day} onChange={(e) => setDay(Number(e.target.value))}>
          {DAYS.map((d) => <option key={d} value={d}>{d}</option>)}
        </SelectField>
        <SelectField label={t('greetings.month')} value={month} onChange={(e) => setMonth(Number(e.target.value))}>
          {MONTHS.map((m) => <option key={m} value={m}>{new Intl.DateTimeFormat(i18n.language, { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2000, m - 1, 1))}</option>)}
        </SelectField>
        <button type="submit" className="btn btn-small">{t('greetings.add')}</button>
      </form>
      <Checkbox label={t('greetings.optOut')} checked={data.optedOut} testId="greeting-opt-out"
        onChange={(on) => api['greetings.setOptOut']({ customerId, optOut: on }).then(setData, fail)} />
    </section>
  );
}
