// A task is a promise that changes: from the card the operator changes its due time, hands it to a
// colleague picked from the list and makes it urgent; or cancels it with the reason. The new-task
// form shows the assignee too (the operator by default).
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, makeCard, makeTask, MANAGER, OPERATOR } from './fakeApi.js';
import { renderApp } from './render.js';

function setup() {
  const card = makeCard('Иван Петров');
  const task = makeTask(card.customer.id, { title: 'Перезвонить про возврат', createdBy: MANAGER });
  card.openTasks = [task];
  const api = fakeApi({
    'callerCard.lookup': ({ number }) => ({ query: number, normalized: '+79161234567', matches: [card] }),
    'tasks.update': (input) => ({ ...task, dueAt: input.dueAt ?? task.dueAt, priority: input.priority ?? task.priority }),
    'tasks.cancel': ({ reason }) => ({ ...task, status: 'cancelled', cancelReason: reason }),
    'tasks.create': (input) => ({ ...task, title: input.title }),
  });
  return { api, task };
}

async function openCard(user: ReturnType<typeof renderApp>['user']) {
  await user.type(screen.getByTestId('incoming-number'), '+79161234567{Enter}');
  await screen.findByTestId('customer-name');
}

describe('changing a promise', () => {
  it('reschedules, hands over to a colleague from the list and makes it urgent', async () => {
    const { api, task } = setup();
    const { user } = renderApp(api);
    await openCard(user);
    await user.click(within(screen.getByTestId('tasks')).getByTestId('task-edit'));
    const dialog = await screen.findByTestId('task-dialog');
    expect(within(dialog).getByTestId('task-promised-by')).toHaveTextContent(MANAGER.name);
    const due = within(dialog).getByTestId('task-due');
    await user.clear(due);
    await user.type(due, '2026-12-24T15:30');
    await waitFor(() => expect(within(dialog).getByTestId('task-assignee-select')).toHaveTextContent(MANAGER.name));
    await user.selectOptions(within(dialog).getByTestId('task-assignee-select'), MANAGER.id);
    await user.click(within(dialog).getByLabelText('Срочно'));
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.calls['tasks.update']).toHaveBeenCalledWith({
      id: task.id, title: 'Перезвонить про возврат', dueAt: new Date(2026, 11, 24, 15, 30).getTime(), priority: 'high', assigneeId: MANAGER.id,
    }));
  });

  it('cancels with the reason; a reason is required', async () => {
    const { api, task } = setup();
    const { user } = renderApp(api);
    await openCard(user);
    await user.click(within(screen.getByTestId('tasks')).getByTestId('task-edit'));
    const dialog = await screen.findByTestId('task-dialog');
    await user.click(within(dialog).getByTestId('task-cancel-toggle'));
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(api.calls['tasks.cancel']).not.toHaveBeenCalled();
    await user.type(within(dialog).getByTestId('task-cancel-reason'), 'Клиент передумал');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.calls['tasks.cancel']).toHaveBeenCalledWith({ id: task.id, reason: 'Клиент передумал' }));
  });

  it('a new task shows its assignee, the operator by default', async () => {
    const { api } = setup();
    const { user } = renderApp(api);
    await openCard(user);
    await user.keyboard('{Alt>}t{/Alt}');
    const dialog = await screen.findByTestId('task-dialog');
    const select = within(dialog).getByTestId('task-assignee-select') as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe(OPERATOR.id));
    expect(select).toHaveTextContent(`${OPERATOR.name} (я)`);
  });
});
