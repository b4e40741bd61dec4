import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Task } from '../../src-shared/api/entities.js';
import { fakeApi, makeCard, makeTask, MANAGER } from './fakeApi.js';
import { renderApp } from './render.js';

const MIN = 60_000;

/** Three tasks of the operator, given out of order: due in 5 hours, overdue by 10 minutes, due in 30 minutes. */
function myTasks(maria: string, oleg: string): Task[] {
  return [
    makeTask(maria, { customerName: 'Мария Иванова', kind: 'send_offer', title: 'Отправить предложение', dueAt: Date.now() + 300 * MIN }),
    makeTask(oleg, { customerName: 'Олег Сидоров', kind: 'callback', title: 'Перезвонить Олегу', dueAt: Date.now() - 10 * MIN }),
    makeTask(maria, { customerName: 'Мария Иванова', kind: 'other', title: 'Уточнить адрес', dueAt: Date.now() + 30 * MIN }),
  ];
}

function rows(): HTMLElement[] {
  return within(screen.getByRole('list', { name: 'Мои открытые задачи' })).getAllByRole('listitem');
}

describe('My tasks', () => {
  it("lists the operator's open tasks soonest first, marks overdue and due-soon in words, and counts them (and the overdue ones) on the Alt+Y button", async () => {
    const maria = makeCard('Мария Иванова');
    const oleg = makeCard('Олег Сидоров');
    const tasks = myTasks(maria.customer.id, oleg.customer.id);
    const api = fakeApi({ 'tasks.list': () => tasks });
    const { user } = renderApp(api);

    const button = screen.getByTestId('my-tasks-open');
    await waitFor(() => expect(button).toHaveAttribute('data-count', '3'));
    expect(button).toHaveAccessibleName('Мои задачи (3), просрочено: 1');
    expect(button).toHaveAttribute('aria-keyshortcuts', 'Alt+Y');
    expect(api.calls['tasks.list']).toHaveBeenCalledWith({ assignee: 'me' });

    await user.click(button);
    const dialog = await screen.findByRole('dialog', { name: 'Мои задачи' });
    expect(dialog).toHaveAccessibleDescription(/Enter — открыть карточку клиента, Ctrl\+Enter — отметить выполненной/);
    const list = rows();
    expect(list.map((li) => within(li).getByTestId('my-task-customer').textContent)).toEqual(['Олег Сидоров', 'Мария Иванова', 'Мария Иванова']);
    // A live countdown, exact to the minute (issue 19).
    expect(list.map((li) => within(li).getByTestId('my-task-countdown').textContent)).toEqual([' · просрочено на 10 мин', ' · через 30 мин', ' · через 5 ч']);
    expect(list.map((li) => li.dataset.due)).toEqual(['overdue', 'due_soon', 'on_time']);
    expect(list[0]).toHaveTextContent('Перезвонить');
    expect(list[0]).toHaveTextContent('Перезвонить Олегу');
    expect(within(list[0]!).getByTestId('my-task-mark')).toHaveTextContent('Просрочена');
    expect(within(list[1]!).getByTestId('my-task-mark')).toHaveTextContent('Скоро срок');
    expect(within(list[2]!).queryByTestId('my-task-mark')).toBeNull();
    expect(list[2]).toHaveTextContent('Отправить предложение');
    expect(within(list[2]!).getByTestId('my-task-due')).toHaveTextContent(/^Срок: /);
    // The focus starts on the first task; one row is the tab stop.
    expect(within(list[0]!).getByTestId('my-task-open')).toHaveFocus();
    expect(within(list[1]!).getByTestId('my-task-open')).toHaveAttribute('tabindex', '-1');

    // Esc closes the list and the focus returns to the button that opened it.
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(button).toHaveFocus();
  });

  it('opens the chosen task’s customer card with ↓ and Enter, and marks a task done with Ctrl+Enter', async () => {
    const maria = makeCard('Мария Иванова');
    const oleg = makeCard('Олег Сидоров');
    let tasks = myTasks(maria.customer.id, oleg.customer.id);
    const api = fakeApi({
      'tasks.list': () => tasks,
      'tasks.complete': ({ id }) => {
        const done = tasks.find((x) => x.id === id)!;
        tasks = tasks.filter((x) => x.id !== id);
        return { ...done, status: 'done' };
      },
      'callerCard.forCustomer': ({ customerId }) => (customerId === maria.customer.id ? maria : oleg),
    });
    const { user } = renderApp(api);
    await waitFor(() => expect(screen.getByTestId('my-tasks-open')).toHaveAttribute('data-count', '3'));

    await user.keyboard('{Alt>}y{/Alt}');
    await screen.findByRole('dialog', { name: 'Мои задачи' });
    await user.keyboard('{ArrowDown}');
    expect(within(rows()[1]!).getByTestId('my-task-open')).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByRole('heading', { level: 2, name: 'Мария Иванова' })).toBeInTheDocument();
    expect(api.calls['callerCard.forCustomer']).toHaveBeenLastCalledWith({ customerId: maria.customer.id });

    await user.keyboard('{Alt>}y{/Alt}');
    await screen.findByRole('dialog', { name: 'Мои задачи' });
    const overdue = rows()[0]!;
    expect(within(overdue).getByTestId('my-task-open')).toHaveFocus();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(api.calls['tasks.complete']).toHaveBeenCalledWith({ id: overdue.dataset.taskId });
    expect(await screen.findByText('Задача выполнена: Перезвонить Олегу')).toBeInTheDocument();
    // The focus moves to the task now first, and the button's count follows.
    expect(within(rows()[0]!).getByTestId('my-task-open')).toHaveFocus();
    expect(screen.getByTestId('my-tasks-open')).toHaveAttribute('data-count', '2');
    expect(screen.getByTestId('my-tasks-open')).toHaveAttribute('data-overdue', '0');

    // The Done button says which task it completes.
    expect(within(rows()[0]!).getByTestId('my-task-done')).toHaveAccessibleName('Выполнено: Уточнить адрес — Мария Иванова');
  });

  it('re-reads on data-changed: a task reassigned to the operator appears in the open list and on the button without a reload', async () => {
    const maria = makeCard('Мария Иванова');
    let tasks: Task[] = [];
    const api = fakeApi({ 'tasks.list': () => tasks });
    const { user } = renderApp(api);
    await waitFor(() => expect(api.calls['tasks.list']).toHaveBeenCalled());
    expect(screen.getByTestId('my-tasks-open')).toHaveAccessibleName('Мои задачи');

    await user.keyboard('{Alt>}y{/Alt}');
    expect(await screen.findByTestId('my-tasks-none')).toHaveTextContent('Открытых задач, назначенных вам, нет.');

    const reads = api.calls['tasks.list'].mock.calls.length;
    tasks = [makeTask(maria.customer.id, { customerName: 'Мария Иванова', title: 'Перезвонить Марии', dueAt: Date.now() - 5 * MIN })];
    // A pulled reassignment names the customer, not the assignee.
    act(() => api.emit({ type: 'data-changed', customerIds: [maria.customer.id] }));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(api.calls['tasks.list'].mock.calls.length).toBeGreaterThan(reads);
    expect(rows()[0]).toHaveTextContent('Перезвонить Марии');
    expect(within(rows()[0]!).getByTestId('my-task-mark')).toHaveTextContent('Просрочена');
    expect(screen.getByTestId('my-tasks-open')).toHaveAttribute('data-count', '1');

    // Moved away again: gone from the list.
    tasks = [];
    act(() => api.emit({ type: 'data-changed', customerIds: [maria.customer.id] }));
    expect(await screen.findByTestId('my-tasks-none')).toBeInTheDocument();
    expect(screen.getByTestId('my-tasks-open')).toHaveAttribute('data-count', '0');
  });

  it('lists the shortcut in the F1 help, in both languages', async () => {
    const { user } = renderApp(fakeApi());
    await user.keyboard('{F1}');
    const help = await screen.findByRole('dialog', { name: 'Горячие клавиши' });
    expect(within(help).getByTestId('shortcut-myTasks')).toHaveTextContent('Alt+Y');
    expect(within(help).getByTestId('shortcut-myTasks')).toHaveTextContent('Мои задачи');
    await user.keyboard('{Alt>}l{/Alt}');
    await waitFor(() => expect(within(help).getByTestId('shortcut-myTasks')).toHaveTextContent('My tasks'));
  });

  it("shows who each of the caller card's tasks is assigned to", async () => {
    const card = makeCard('Иван Петров');
    card.openTasks = [makeTask(card.customer.id, { title: 'Перезвонить' }), makeTask(card.customer.id, { title: 'Отправить счёт', assignee: MANAGER }), makeTask(card.customer.id, { title: 'Ничья', assignee: null })];
    const api = fakeApi({ 'callerCard.lookup': ({ number }) => ({ query: number, normalized: number, matches: [card] }) });
    const { user } = renderApp(api);
    await user.type(screen.getByLabelText('Входящий звонок'), '+79161234567{Enter}');
    const items = within(await screen.findByTestId('tasks')).getAllByTestId('task');
    expect(items.map((li) => within(li).getByTestId('task-assignee').textContent)).toEqual([
      'Исполнитель: Ольга Операторова',
      'Исполнитель: Пётр Менеджеров',
      'Не назначена',
    ]);
  });
});
