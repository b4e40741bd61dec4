import { useTranslation } from 'react-i18next';
import { usePhoneFormat } from '../../lib/phone.js';
import { useCalls, useUi } from '../../stores/index.js';

/**
 * A call rings while a form is open (issue 17): the card pops underneath, where the form's overlay
 * hides it. The ring is said above the overlay, with who is calling, until the form is saved or
 * closed (Esc) and the card shows.
 */
export function RingOverDialog() {
  const { t } = useTranslation();
  const phone = usePhoneFormat();
  const dialogOpen = useUi((s) => s.dialog !== null);
  const active = useCalls((s) => s.state?.active ?? null);
  if (!dialogOpen || !active || active.state !== 'ringing' || active.direction !== 'in') return null;
  const who = active.customers[0]?.name ?? (active.number ? phone(active.number) : t('calls.withheld'));
  return (
    <div className="ring-over-dialog" role="alert" data-testid="ring-over-dialog">
      <span aria-hidden="true">☎ </span>
      {t('calls.ringOverDialog', { who })}
    </div>
  );
}
