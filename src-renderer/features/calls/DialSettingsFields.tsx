import { useTranslation } from 'react-i18next';
import { DIAL_VIA, TRANSFER_MODES, type DialSettings } from '../../../src-shared/api/cti.js';
import { SelectField, TextField } from '../../components/fields.js';
import type { Errors } from '../../components/ErrorSummary.js';

/**
 * The telephony settings' "Calls from the card" section (issue 18): how F4 dials (AMI Originate, a
 * softphone link or command) and how Alt+R transfers to the customer's manager.
 */
export function DialSettingsFields({ dial, onChange, errors }: { dial: DialSettings; onChange(patch: Partial<DialSettings>): void; errors: Errors }) {
  const { t } = useTranslation();
  return (
    <fieldset className="cti-section">
      <legend>{t('teamCalls.dialSection')}</legend>
      <div className="form-grid">
        <SelectField label={t('teamCalls.dialVia')} value={dial.via} onChange={(e) => onChange({ via: e.target.value as DialSettings['via'] })} data-testid="cti-dial-via">
          {DIAL_VIA.map((v) => <option key={v} value={v}>{t(`teamCalls.dialViaValue.${v}`)}</option>)}
        </SelectField>
        {(dial.via === 'url' || dial.via === 'command') && (
          <TextField label={t('teamCalls.dialTemplate')} value={dial.template} onChange={(e) => onChange({ template: e.target.value })}
            hint={t('teamCalls.dialTemplateHint')} error={errors['dial.template']} spellCheck={false} data-testid="cti-dial-template" />
        )}
        <SelectField label={t('teamCalls.transferMode')} value={dial.transfer} onChange={(e) => onChange({ transfer: e.target.value as DialSettings['transfer'] })} data-testid="cti-transfer-mode">
          {TRANSFER_MODES.map((m) => <option key={m} value={m}>{t(`teamCalls.transferModeValue.${m}`)}</option>)}
        </SelectField>
      </div>
    </fieldset>
  );
}

/** The section's own checks, before the engine's. */
export function dialErrors(dial: DialSettings, t: (key: string) => string): Errors {
  const needsTemplate = dial.via === 'url' || dial.via === 'command';
  return needsTemplate && !/\{(number|digits)\}/.test(dial.template) ? { 'dial.template': t('teamCalls.invalidTemplate') } : {};
}
