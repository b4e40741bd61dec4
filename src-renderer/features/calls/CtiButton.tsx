import { useTranslation } from 'react-i18next';
import type { SourceStatus } from '../../../src-shared/api/cti.js';
import { ShortcutButton } from '../../components/ShortcutButton.js';
import { useCalls, useStores } from '../../stores/index.js';

const BAD: ReadonlySet<SourceStatus['state']> = new Set(['auth_failed', 'backoff', 'error']);

/**
 * Telephony (Alt+P) in the call bar: when a link to the PBX is down, the button says so, in the
 * header where the operator sees it, with the reason as its description (issue 18). A desk whose
 * phone link is broken would otherwise just never pop a card.
 */
export function CtiButton() {
  const { t } = useTranslation();
  const { ui } = useStores();
  const status = useCalls((s) => s.ctiStatus);
  const broken = status ? (['ami', 'webhook'] as const).find((k) => BAD.has(status[k].state)) : undefined;
  const source = broken && status ? status[broken] : null;
  return (
    <ShortcutButton
      shortcutId="ctiSettings"
      label={source ? t('cti.linkDown', { state: t(`cti.state.${source.state}`) }) : t('cti.open')}
      className={source ? 'btn-missed' : ''}
      title={source?.error ?? undefined}
      onClick={() => ui.getState().openDialog({ kind: 'cti' })}
      data-testid="cti-settings-open"
      data-link={source ? source.state : 'ok'}
    />
  );
}
