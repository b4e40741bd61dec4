import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src-shared/api/errors.js';
import { fakeApi, makeCard, makeCase, uuid } from './fakeApi.js';
import { renderApp } from './render.js';

describe('caller card', () => {
  it('shows a known caller: header, manager and lock, counts, open case age, moods, tasks', async () => {
    const card = makeCard('Иван Петров');
    const api = fakeApi({ 'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+79161234567', matches: [card] }) });
    const { user } = renderApp(api);

    const input = screen.getByLabelText('Входящий звонок');
    await user.type(input, '8 (916) 123-45-67{Enter}');

    expect(api.calls['callerCard.lookup']).toHaveBeenCalledWith({ number: '8 (916) 123-45-67' });
    expect(await screen.findByTestId('customer-name')).toHaveTextContent('Иван Петров');
    const manager = screen.getByTestId('manager');
    expect(manager).toHaveTextContent('Пётр Менеджеров');
    expect(manager).toHaveTextContent('Закреплён за менеджером');

    const counts = screen.getByTestId('counts');
    expect(within(counts).getByText('Всего 17 контактов', { exact: false })).toBeInTheDocument();
    expect(within(screen.getByTestId('count-complaint')).getByText('4')).toBeInTheDocument();
    expect(within(screen.getByTestId('count-outbound')).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2', '1', '1']);

    const cases = screen.getByTestId('open-cases');
    expect(within(cases).getByText('Не работает роутер')).toBeInTheDocument();
    // Russian plural: 12 → "дней".
    expect(within(cases).getByTestId('case-age')).toHaveTextContent('открыто 12 дней');
    expect(within(cases).getByText('Перезвонить до пятницы')).toBeInTheDocument();
    expect(within(cases).getByText('Ольга Операторова')).toBeInTheDocument();

    expect(within(screen.getByTestId('moods')).getByText('Раздражён')).toBeInTheDocument();
    expect(within(screen.getByTestId('tasks')).getByText('Перезвонить клиенту')).toBeInTheDocument();
    expect(screen.getByTestId('timeline')).toBeInTheDocument();
  });

  it('marks an urgent case and sets a case’s priority from its form', async () => {
    const base = makeCard('Иван Петров');
    const urgent = makeCase(base.customer.id, { subject: 'Авария на линии', priority: 'high' });
    const card = makeCard('Иван Петров', { openCases: [urgent, makeCase(base.customer.id, { subject: 'Счёт за май' })] });
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+79161234567', matches: [card] }),
      'cases.update': ({ id, patch }) => ({ ...urgent, id, ...patch }),
    });
    const { user } = renderApp(api);
    await user.type(screen.getByLabelText('Входящий звонок'), '8 (916) 123-45-67{Enter}');
    const rows = await screen.findAllByTestId('open-case');
    expect(within(rows[0]!).getByTestId('case-priority')).toHaveTextContent('Срочно');
    expect(within(rows[1]!).queryByTestId('case-priority')).toBeNull();
    await user.click(within(rows[1]!).getByRole('button', { name: /Изменить|Редактировать/ }));
    const dialog = await screen.findByTestId('case-dialog');
    const group = within(dialog).getByRole('group', { name: 'Срочность' });
    await user.click(within(group).getByLabelText('Низкая'));
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.calls['cases.update']).toHaveBeenCalledWith(expect.objectContaining({ patch: expect.objectContaining({ priority: 'low' }) })));
  });

  it('offers a prefilled quick-create form for an unknown caller and confirms duplicates', async () => {
    const created = makeCard('Новый Клиент');
    let attempts = 0;
    const api = fakeApi({
      'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+79035550000', matches: [] }),
      'contacts.check': () => ({ normalized: '+79035550000', matches: [] }),
      'customers.create': (input) => {
        attempts += 1;
        if (!input.acknowledgeDuplicates) {
          throw new ApiError('duplicate_contact', 'dup', { matches: [{ customerId: uuid(), name: 'Семья Сидоровых', contactId: uuid() }] });
        }
        return created.customer;
      },
      'callerCard.forCustomer': () => created,
    });
    const { user } = renderApp(api);

    await user.type(screen.getByTestId('incoming-number'), '+7 903 555-00-00{Enter}');
    expect(await screen.findByRole('heading', { name: 'Неизвестный абонент' })).toBeInTheDocument();
    expect(screen.getByLabelText('Контакт 1')).toHaveValue('+7 903 555-00-00');

    await user.type(screen.getByLabelText('Имя или название'), 'Новый Клиент{Enter}');
    const confirm = await screen.findByTestId('duplicate-confirm');
    expect(confirm).toHaveTextContent('Семья Сидоровых');
    await user.click(within(confirm).getByRole('button', { name: 'Создать всё равно' }));

    expect(attempts).toBe(2);
    expect(api.calls['customers.create']).toHaveBeenLastCalledWith(
      expect.objectContaining({ name: 'Новый Клиент', acknowledgeDuplicates: true, contacts: [{ kind: 'phone', value: '+7 903 555-00-00' }] }),
    );
    expect(await screen.findByTestId('customer-name')).toHaveTextContent('Новый Клиент');
  });

  it('lets the operator choose among customers sharing a number with the keyboard', async () => {
    const a = makeCard('Анна Смирнова', { locked: false });
    const b = makeCard('Борис Смирнов');
    const api = fakeApi({ 'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+74951234567', matches: [a, b] }) });
    const { user } = renderApp(api);

    await user.type(screen.getByTestId('incoming-number'), '84951234567{Enter}');
    const chooser = await screen.findByTestId('match-chooser');
    expect(chooser).toHaveTextContent('Номер принадлежит 2 клиентам');
    expect(screen.getByTestId('customer-name')).toHaveTextContent('Анна Смирнова');
    expect(screen.getByTestId('manager')).toHaveTextContent('Не закреплён');

    within(chooser).getByRole('radio', { name: /Анна Смирнова/ }).focus();
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(screen.getByTestId('customer-name')).toHaveTextContent('Борис Смирнов'));
    expect(screen.getByTestId('manager')).toHaveTextContent('Закреплён за менеджером');
  });

  it('opens the card on an incoming-call event and prefills the call start', async () => {
    const card = makeCard('Иван Петров');
    const api = fakeApi({ 'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+79161234567', matches: [card] }) });
    const { stores } = renderApp(api);
    const startedAt = Date.now() - 90_000;
    act(() => api.emit({ type: 'incoming-call', number: '+79161234567', startedAt }));
    expect(await screen.findByTestId('customer-name')).toHaveTextContent('Иван Петров');
    expect(screen.getByTestId('incoming-number')).toHaveValue('+79161234567');
    expect(stores.card.getState().callStartedAt).toBe(startedAt);
    expect(screen.getByTestId('call-start')).toBeInTheDocument();
  });

  it('shows a translated error when the lookup fails', async () => {
    const api = fakeApi({
      'callerCard.lookup': () => {
        throw new ApiError('invalid_phone', 'not a phone number');
      },
    });
    const { user } = renderApp(api);
    await user.type(screen.getByTestId('incoming-number'), 'абв{Enter}');
    expect(await within(screen.getByTestId('caller-card')).findByRole('alert')).toHaveTextContent('Это не номер телефона');
  });
});
