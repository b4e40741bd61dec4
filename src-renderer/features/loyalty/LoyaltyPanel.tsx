// The customer's loyalty standing on the card (issue 20): the card, the level with its discount, the
// points and how far the next level is; a purchase recorded (its points accrue at the programme's
// rate, once per receipt) and points spent, offline too. A customer without a card gets one here.
import './loyalty.css';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CARD_KINDS, type CardKind, type LoyaltyProgrammeView, type LoyaltyStanding } from '../../../src-shared/loyalty/loyalty.js';
import { useApi } from '../../api/context.js';
import { SelectField, TextField } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatDateTime } from '../../i18n/format.js';
import { useStores } from '../../stores/index.js';

export const roubles = (kopecks: number, lng: string) => new Intl.NumberFormat(lng, { style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol', maximumFractionDigits: 2 }).format(kopecks / 100);

function Standing({ s, onChange, customerId }: { s: LoyaltyStanding; customerId: string; onChange(next: LoyaltyStanding[]): void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const lng = i18n.language;
  const [amount, setAmount] = useState('');
  const [receipt, setReceipt] = useState('');
  const [points, setPoints] = useState('');
  const fail = (e: unknown) => ui.getState().toast('error', (tr) => errorMessage(e, tr));
  const buy = (e: FormEvent) => {
    e.preventDefault();
    const value = Number(amount.replace(',', '.').replace(/\s/g, ''));
    if (!(value > 0) || receipt.trim() === '') return;
    api['loyalty.purchase']({ customerId, programmeId: s.programmeId, amount: value, receipt: receipt.trim() }).then((next) => {
      const after = next.find((x) => x.programmeId === s.programmeId);
      ui.getState().toast('success', (tr) => tr('loyalty.recorded', { points: (after?.balance ?? 0) - s.balance }));
      setAmount('');
      setReceipt('');
      onChange(next);
    }, fail);
  };
  const spend = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(points);
    if (!Number.isInteger(n) || n <= 0) return;
    api['loyalty.redeem']({ customerId, programmeId: s.programmeId, points: n, note: null }).then((next) => {
      ui.getState().toast('success', (tr) => tr('loyalty.spent', { points: n }));
      setPoints('');
      onChange(next);
    }, fail);
  };
  const from = s.level?.minPoints ?? 0;
  return (
    <div className="loyalty-standing" data-testid="loyalty-standing">
      <p className="loyalty-head">
        <strong>{s.programmeName}</strong>{' · '}
        {s.card ? `${t('loyalty.card', { number: s.card.number })} (${t(`loyalty.kind_${s.card.kind}`)})` : t('loyalty.noCard')}
      </p>
      <p className="loyalty-figures">
        {s.level && <span className="badge badge-accent" data-testid="loyalty-level">{s.level.name} · {t('loyalty.discount', { pct: s.level.discountPct })}</span>}{' '}
        <span data-testid="loyalty-balance">{t('loyalty.pointsCount', { count: s.balance, formatted: s.balance.toLocaleString(lng) })}</span>
      </p>
      {s.next ? (
        <p className="loyalty-next">
          <meter aria-label={t('loyalty.progress')} min={0} max={s.next.pointsToGo + s.lifetime - from} value={s.lifetime - from} />{' '}
          <span data-testid="loyalty-next">{t('loyalty.next', { name: s.next.name, points: s.next.pointsToGo.toLocaleString(lng) })}</span>
        </p>
      ) : <p className="muted">{t('loyalty.top')}</p>}
      {s.recent.length > 0 && (
        <ul className="loyalty-recent muted">
          {s.recent.map((e) => (
            <li key={e.id}>
              {formatDateTime(e.at, lng)} · {e.points > 0 ? `+${e.points}` : e.points} · {t(`loyalty.entry_${e.kind}`, { amount: e.amountKopecks === null ? '' : roubles(e.amountKopecks, lng), receipt: e.receipt ?? '' })}
              {e.by ? ` · ${e.by}` : ''}
            </li>
          ))}
        </ul>
      )}
      <form className="loyalty-form" onSubmit={buy} data-testid="loyalty-purchase">
        <TextField label={t('loyalty.amount')} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        <TextField label={t('loyalty.receipt')} value={receipt} maxLength={60} onChange={(e) => setReceipt(e.target.value)} />
        <button type="submit" className="btn btn-small">{t('loyalty.recordPurchase')}</button>
      </form>
      <form className="loyalty-form" onSubmit={spend} data-testid="loyalty-redeem">
        <TextField label={t('loyalty.points')} inputMode="numeric" value={points} onChange={(e) => setPoints(e.target.value)} />
        <button type="submit" className="btn btn-small">{t('loyalty.spendRun')}</button>
      </form>
    </div>
  );
}

function IssueCard({ customerId, programmes, onChange }: { customerId: string; programmes: LoyaltyProgrammeView[]; onChange(next: LoyaltyStanding[]): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const [programmeId, setProgrammeId] = useState(programmes[0]?.id ?? '');
  const [number, setNumber] = useState('');
  const [kind, setKind] = useState<CardKind>('personal');
  const issue = (e: FormEvent) => {
    e.preventDefault();
    if (number.trim() === '' || programmeId === '') return;
    api['loyalty.issueCard']({ customerId, programmeId, number: number.trim(), kind }).then((next) => {
      ui.getState().toast('success', (tr) => tr('loyalty.issued'));
      setNumber('');
      onChange(next);
    }, (err: unknown) => ui.getState().toast('error', (tr) => errorMessage(err, tr)));
  };
  return (
    <form className="loyalty-form" onSubmit={issue} data-testid="loyalty-issue">
      {programmes.length > 1 && (
        <SelectField label={t('loyalty.programme')} value={programmeId} onChange={(e) => setProgrammeId(e.target.value)}>
          {programmes.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </SelectField>
      )}
      <TextField label={t('loyalty.number')} value={number} maxLength={30} onChange={(e) => setNumber(e.target.value)} />
      <SelectField label={t('loyalty.kind')} value={kind} onChange={(e) => setKind(e.target.value as CardKind)}>
        {CARD_KINDS.map((k) => <option key={k} value={k}>{t(`loyalty.kind_${k}`)}</option>)}
      </SelectField>
      <button type="submit" className="btn btn-small">{t('loyalty.issue')}</button>
    </form>
  );
}

export function LoyaltyPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const titleId = useId();
  const [standings, setStandings] = useState<LoyaltyStanding[] | null>(null);
  const [programmes, setProgrammes] = useState<LoyaltyProgrammeView[]>([]);
  const load = useCallback(() => {
    api['loyalty.forCustomer']({ customerId }).then(setStandings, () => setStandings(null));
    api['loyalty.programmes']({}).then((ps) => setProgrammes(ps.filter((p) => p.active)), () => setProgrammes([]));
  }, [api, customerId]);
  useEffect(load, [load]);
  if (standings === null || (standings.length === 0 && programmes.length === 0)) return null;
  const without = programmes.filter((p) => !standings.some((s) => s.programmeId === p.id && s.card !== null));
  return (
    <section className="panel loyalty" aria-labelledby={titleId} data-testid="loyalty">
      <h3 id={titleId}>{t('loyalty.title')}</h3>
      {standings.map((s) => <Standing key={s.programmeId} s={s} customerId={customerId} onChange={setStandings} />)}
      {without.length > 0 && <IssueCard customerId={customerId} programmes={without} onChange={setStandings} />}
    </section>
  );
}
