// Personal data in the renderer: a supervisor reads the audit log (Alt+J), filtered to the open
// customer; exports a customer's data; only an admin sees the erasure, which needs the customer's
// name typed to go ahead. Operators see none of it.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src-shared/sync/audit.js';
import { fakeApi, makeCard, SUPERVISOR, supervisorSession, uuid, type Impl } from './fakeApi.js';
import { renderApp } from './render.js';

const card = makeCard('Иван Петров');

function entry(over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: uuid(), kind: 'card_view', actorId: SUPERVISOR.id, customerId: card.customer.id, at: Date.UTC(2026, 10, 23, 9, 0), receivedAt: Date.UTC(2026, 10, 23, 9, 1),
    detail: {}, actorName: 'Анна Иванова', customerName: 'Иван Петров', ...over,
  };
}

function api(role: 'supervisor' | 'admin' | 'operator', impl: Impl = {}) {
  const session = supervisorSession();
  return fakeApi({
    'session.get': () => ({ ...session(), user: { ...SUPERVISOR, role } }),
    'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+79161234567', matches: [card] }),
    'supervisor.audit': () => [entry(), entry({ kind: 'export', detail: { format: 'html' }, actorName: 'Светлана Руководитель' })],
    'supervisor.exportCustomer': ({ format }) => ({ fileName: `customer-${card.customer.id}.${format}`, mimeType: 'application/json', content: '{}' }),
    'supervisor.eraseCustomer': ({ customerId }) => ({ customerId, rows: 7 }),
    ...impl,
  });
}

async function openCard(user: ReturnType<typeof renderApp>['user']): Promise<void> {
  await user.type(screen.getByLabelText('Входящий звонок'), '8 916 123-45-67{Enter}');
  await screen.findByTestId('customer-name');
}

describe('personal data', () => {
  it('the audit log opens with Alt+J, filtered to the open customer, and says who did what in words', async () => {
    const fake = api('supervisor');
    const { user } = renderApp(fake);
    await screen.findByTestId('supervisor-nav');
    await openCard(user);
    await user.keyboard('{Alt>}j{/Alt}');
    const view = await screen.findByTestId('audit-view');
    await waitFor(() => expect(fake.calls['supervisor.audit']).toHaveBeenCalledWith({ limit: 200, customerId: card.customer.id }));
    const rows = await within(view).findAllByRole('row');
    expect(rows[1]).toHaveTextContent('Открыта карточка');
    expect(rows[1]).toHaveTextContent('Анна Иванова');
    expect(rows[2]).toHaveTextContent('Выгружены данные');
    expect(rows[2]).toHaveTextContent('в формате HTML');
    await user.click(within(view).getByTestId('audit-only-this'));
    await waitFor(() => expect(fake.calls['supervisor.audit']).toHaveBeenLastCalledWith({ limit: 200 }));
  });

  it('a supervisor exports a customer but is offered no erasure', async () => {
    const fake = api('supervisor');
    const { user } = renderApp(fake);
    await screen.findByTestId('supervisor-nav');
    await openCard(user);
    await user.click(screen.getByTestId('customer-data'));
    const dialog = await screen.findByTestId('customer-data-dialog');
    await user.click(within(dialog).getByTestId('export-html'));
    await waitFor(() => expect(fake.calls['supervisor.exportCustomer']).toHaveBeenCalledWith({ customerId: card.customer.id, format: 'html' }));
    expect(within(dialog).queryByTestId('erase')).not.toBeInTheDocument();
  });

  it('an admin erases only after typing the customer\'s name', async () => {
    const fake = api('admin');
    const { user } = renderApp(fake);
    await screen.findByTestId('supervisor-nav');
    await openCard(user);
    await user.click(screen.getByTestId('customer-data'));
    const dialog = await screen.findByTestId('customer-data-dialog');
    await user.click(within(dialog).getByTestId('erase'));
    expect((await within(dialog).findAllByText('Имя не совпадает')).length).toBeGreaterThan(0);
    expect(fake.calls['supervisor.eraseCustomer']).not.toHaveBeenCalled();
    await user.type(within(dialog).getByTestId('erase-confirm'), 'Иван Петров');
    await user.click(within(dialog).getByTestId('erase'));
    await waitFor(() => expect(fake.calls['supervisor.eraseCustomer']).toHaveBeenCalledWith({ customerId: card.customer.id }));
    expect(await screen.findByText('Клиент удалён (7 записей)')).toBeInTheDocument();
  });

  it('an operator has no personal-data actions and no audit key', async () => {
    const fake = api('operator');
    const { user } = renderApp(fake);
    await openCard(user);
    expect(screen.queryByTestId('customer-data')).not.toBeInTheDocument();
    await user.keyboard('{Alt>}j{/Alt}');
    expect(screen.queryByTestId('audit-view')).not.toBeInTheDocument();
    expect(fake.calls['supervisor.audit']).not.toHaveBeenCalled();
  });
});
