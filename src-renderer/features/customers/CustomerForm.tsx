import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../src-shared/api/errors.js';
import type { Customer, UserRef } from '../../../src-shared/api/entities.js';
import type { ContactKind, CustomerKind } from '../../../src-shared/domain.js';
import { useApi } from '../../api/context.js';
import { Kbd } from '../../components/Kbd.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { Checkbox, Progress, RadioGroup, SelectField, TextField } from '../../components/fields.js';
import { errorMessage, fieldErrors } from '../../i18n/errors.js';
import { ContactRow, type ContactDraft, type DuplicateInfo } from './ContactRow.js';

/** Keys of contact rows: only React's reconciliation uses them, so a module counter is enough. */
let nextKey = 1;

/** A number typed into the incoming field may also be an email; pick the contact kind from it. */
function guessKind(value: string): ContactKind {
  return value.includes('@') ? 'email' : 'phone';
}

function duplicatesFromError(e: ApiError): DuplicateInfo[] {
  const d: unknown = e.details;
  const list: unknown = Array.isArray(d) ? d : d && typeof d === 'object' ? (d as Record<string, unknown>)['matches'] : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((m: unknown) =>
    m && typeof m === 'object' && 'name' in m && 'customerId' in m
      ? [{ name: String((m as { name: unknown }).name), customerId: String((m as { customerId: unknown }).customerId) }]
      : [],
  );
}

export function CustomerForm({
  customer,
  initialNumber,
  onDone,
  onCancel,
}: {
  customer?: Customer;
  initialNumber?: string;
  onDone(customer: Customer): void;
  onCancel?(): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [kind, setKind] = useState<CustomerKind>(customer?.kind ?? 'person');
  const [name, setName] = useState(customer?.name ?? '');
  const [organisation, setOrganisation] = useState(customer?.organisation ?? '');
  const [segment, setSegment] = useState(customer?.segment ?? '');
  const [accountNo, setAccountNo] = useState(customer?.accountNo ?? '');
  const [birthday, setBirthday] = useState(customer?.birthday ?? '');
  const [ownerId, setOwnerId] = useState(customer?.owner?.id ?? '');
  const [ownerLocked, setOwnerLocked] = useState(customer?.ownerLocked ?? false);
  const [users, setUsers] = useState<UserRef[]>([]);
  const [removed, setRemoved] = useState<string[]>([]);
  const [drafts, setDrafts] = useState<ContactDraft[]>(() =>
    initialNumber ? [{ key: nextKey++, kind: guessKind(initialNumber), value: initialNumber, label: '' }] : customer ? [] : [{ key: nextKey++, kind: 'phone', value: '', label: '' }],
  );
  const [dups, setDups] = useState<Record<number, DuplicateInfo[]>>({});
  const [confirmDups, setConfirmDups] = useState<DuplicateInfo[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api['users.list']({})
      .then((u) => live && setUsers(u))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api]);

  const onDuplicates = useCallback((key: number, list: DuplicateInfo[]) => setDups((d) => ({ ...d, [key]: list })), []);

  const submit = async (acknowledge: boolean) => {
    setErrors({});
    setFormError(null);
    if (!name.trim()) {
      setErrors({ name: t('validation.required') });
      return;
    }
    const contacts = drafts
      .filter((d) => d.value.trim())
      .map((d) => ({ kind: d.kind, value: d.value.trim(), ...(d.label.trim() ? { label: d.label.trim() } : {}) }));
    const known = Object.values(dups).flat();
    // Shared numbers are legitimate, so a duplicate is a question to the operator, not a refusal.
    if (!acknowledge && known.length > 0) {
      setConfirmDups(known);
      return;
    }
    setBusy(true);
    try {
      let saved: Customer;
      if (customer) {
        saved = await api['customers.update']({
          id: customer.id,
          patch: {
            kind,
            name: name.trim(),
            organisation: organisation.trim() || null,
            segment: segment.trim() || null,
            accountNo: accountNo.trim() || null,
            birthday: birthday || null,
            ownerId: ownerId || null,
            ownerLocked,
          },
        });
        for (const id of removed) await api['contacts.remove']({ id });
        for (const c of contacts) await api['contacts.add']({ ...c, customerId: customer.id, acknowledgeDuplicate: acknowledge });
        saved = await api['customers.get']({ id: customer.id });
      } else {
        saved = await api['customers.create']({
          kind,
          name: name.trim(),
          ...(organisation.trim() ? { organisation: organisation.trim() } : {}),
          ...(segment.trim() ? { segment: segment.trim() } : {}),
          ...(accountNo.trim() ? { accountNo: accountNo.trim() } : {}),
          ...(birthday ? { birthday } : {}),
          ...(ownerId ? { ownerId } : {}),
          contacts,
          acknowledgeDuplicates: acknowledge,
        });
      }
      onDone(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'duplicate_contact') {
        setConfirmDups(duplicatesFromError(e).length ? duplicatesFromError(e) : known);
      } else {
        setErrors(fieldErrors(e));
        setFormError(errorMessage(e, t));
      }
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(confirmDups !== null);
  };

  return (
    <form className="form customer-form" onSubmit={onSubmit} onKeyDown={submitOnCtrlEnter} noValidate data-testid="customer-form">
      <div className="form-grid">
        <TextField label={t('customer.name')} value={name} onChange={(e) => setName(e.target.value)} required error={errors['name']} data-autofocus="" data-testid="customer-form-name" />
        <TextField label={t('customer.organisation')} value={organisation} onChange={(e) => setOrganisation(e.target.value)} error={errors['organisation']} />
        <TextField label={t('customer.segment')} value={segment} onChange={(e) => setSegment(e.target.value)} error={errors['segment']} />
        <TextField label={t('ivr.accountNo')} value={accountNo} onChange={(e) => setAccountNo(e.target.value)} error={errors['accountNo']} data-testid="customer-form-account" />
        <TextField label={t('customer.birthday')} type="date" value={birthday} onChange={(e) => setBirthday(e.target.value)} error={errors['birthday']} />
        <SelectField label={t('customer.owner')} value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
          <option value="">{t('customer.ownerNone')}</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
        {customer && <Checkbox label={t('customer.ownerLocked')} checked={ownerLocked} onChange={setOwnerLocked} />}
      </div>
      {/* After the name: the name is what is typed first, a person is the common case. */}
      <RadioGroup
        legend={t('customer.kind')}
        name="customer-kind"
        value={kind}
        onChange={setKind}
        options={[
          { value: 'person', label: t('card.person') },
          { value: 'organisation', label: t('card.organisationKind') },
        ]}
      />
      <fieldset className="contacts-fieldset">
        <legend>{t('customer.contacts')}</legend>
        {customer && (
          <ul className="contact-list existing">
            {customer.contacts
              .filter((c) => !removed.includes(c.id))
              .map((c) => (
                <li key={c.id}>
                  <span className="contact-kind">{t(`customer.contactKindValue.${c.kind}`)}</span> {c.raw}
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    aria-label={t('customer.removeContact', { n: c.raw })}
                    onClick={() => setRemoved((r) => [...r, c.id])}
                  >
                    ×
                  </button>
                </li>
              ))}
          </ul>
        )}
        {drafts.map((d, i) => (
          <ContactRow
            key={d.key}
            index={i + (customer ? customer.contacts.length - removed.length : 0)}
            draft={d}
            ownCustomerId={customer?.id}
            onChange={(next) => {
              setConfirmDups(null);
              setDrafts((all) => all.map((x) => (x.key === d.key ? next : x)));
            }}
            onRemove={() => {
              setDrafts((all) => all.filter((x) => x.key !== d.key));
              setDups((all) => ({ ...all, [d.key]: [] }));
            }}
            onDuplicates={onDuplicates}
          />
        ))}
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setDrafts((all) => [...all, { key: nextKey++, kind: 'phone', value: '', label: '' }])}
        >
          + {t('customer.addContact')}
        </button>
      </fieldset>
      {confirmDups && (
        <div role="alert" className="alert alert-warning" data-testid="duplicate-confirm">
          <p>{t('customer.duplicateConfirm')}</p>
          <p>{t('customer.duplicateOf', { names: confirmDups.map((d) => d.name).join(', ') })}</p>
          <button type="button" className="btn btn-primary" onClick={() => void submit(true)}>
            {t('customer.createAnyway')}
          </button>
        </div>
      )}
      {formError && (
        <div role="alert" className="alert alert-error">
          {formError}
        </div>
      )}
      <div className="form-actions">
        {busy && <Progress label={t('log.saving')} />}
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy} aria-keyshortcuts="Control+Enter" data-testid="save">
          {customer ? t('common.save') : t('common.create')} <Kbd id="save" />
        </button>
      </div>
    </form>
  );
}
