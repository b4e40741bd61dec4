import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GreetingsDay } from '../../../src-shared/greetings/greeting.js';
import { useApi } from '../../api/context.js';
import { HomePanel } from '../home/HomePanel.js';

/**
 * Whom to greet today (issue 20): birthdays and the customers' own dates, with how each is greeted:
 * a letter the server sends, a call for the operators, or no rule yet; a customer who asked not to
 * be greeted is marked. From the local store, so offline too.
 */
export function GreetingsTodayPanel() {
  const { t } = useTranslation();
  const api = useApi();
  const [day, setDay] = useState<GreetingsDay | null>(null);
  useEffect(() => {
    let live = true;
    const read = () => api['greetings.today']({}).then((d) => live && setDay(d), () => live && setDay(null));
    void read();
    const off = api.onEvent((e) => {
      if (e.type === 'data-changed') void read();
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);
  if (!day) return null;
  return (
    <HomePanel id="home-greetings-title" title={t('greetings.today')} testId="home-greetings">
      {day.greetings.length === 0 ? <p className="muted">{t('greetings.todayNone')}</p> : (
        <ul className="greetings-today">
          {day.greetings.map((g) => (
            <li key={`${g.customerId}-${g.occasion}-${g.label}`} data-testid="greeting-today">
              <strong>{g.customerName}</strong> · {g.occasion === 'birthday' ? t('greetings.birthday') : g.label}
              <span className="muted"> · {g.optedOut ? t('greetings.stopped') : g.channel === 'email' ? t('greetings.sentByServer') : g.channel === 'sms' ? t('greetings.smsByServer') : g.channel === 'call' ? t('greetings.toCall') : t('greetings.noRule')}</span>
            </li>
          ))}
        </ul>
      )}
    </HomePanel>
  );
}
