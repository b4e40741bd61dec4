// The admin's phone lines (Alt+I): the centre's PBXes from the server, their lines, a line given
// from the keyboard, a refusal from the server shown in words, a line removed. A supervisor has
// neither the view nor its key.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PbxSourceDetail } from '../../src-shared/pbx/protocol.js';
import { ApiError } from '../../src-shared/index.js';
import { fakeApi, SUPERVISOR, supervisorSession, uuid } from './fakeApi.js';
import { renderApp } from './render.js';

const ANNA = { id: uuid(), name: 'Анна Иванова', extension: null, role: 'operator' as const };
const BORIS = { id: uuid(), name: 'Борис Смирнов', extension: null, role: 'operator' as const };

const asterisk: PbxSourceDetail = {
  id: 'asterisk', kind: 'asterisk', name: 'Офисная АТС', apiKeySet: false, secretSet: false, teamId: null, locale: 'ru', country: 'RU', webhookPath: null, apiUrl: null,
  lines: [{ sourceId: 'asterisk', extension: '101', userId: ANNA.id, userName: ANNA.name, endpoint: 'acc-7731' }],
};
const mango: PbxSourceDetail = { ...asterisk, id: 'mango', kind: 'mango', name: 'Манго', apiKeySet: true, secretSet: true, webhookPath: '/pbx/mango/', lines: [] };

function api(role: 'supervisor' | 'admin') {
  const session = supervisorSession();
  return fakeApi({
    'session.get': () => ({ ...session(), user: { ...SUPERVISOR, role } }),
    'users.list': () => [ANNA, BORIS],
    'admin.pbxList': () => [asterisk, mango].map(({ lines: _lines, ...view }) => view),
    'admin.pbxLines': ({ sourceId }) => (sourceId === 'mango' ? mango : asterisk),
    'admin.pbxSetLine': ({ extension, userId }) => {
      if (extension === '101') throw new ApiError('conflict', 'extension 101 on asterisk belongs to another user: remove that line first');
      return { ...asterisk, lines: [...asterisk.lines, { sourceId: 'asterisk', extension, userId, userName: BORIS.name, endpoint: null }] };
    },
    'admin.pbxRemoveLine': () => ({ ...asterisk, lines: [] }),
  });
}

describe('phone lines', () => {
  it('an admin opens them with Alt+I, gives a line from the keyboard, reads a refusal, and removes a line', async () => {
    const fake = api('admin');
    const { user } = renderApp(fake);
    await screen.findByTestId('supervisor-nav');
    await user.keyboard('{Alt>}i{/Alt}');
    const view = await screen.findByTestId('lines-view');
    const row = await within(view).findByTestId('lines-row');
    expect(row).toHaveTextContent('101');
    expect(row).toHaveTextContent('acc-7731');
    expect(row).toHaveTextContent('Анна Иванова');

    await user.selectOptions(within(view).getByTestId('lines-user'), BORIS.id);
    await user.type(within(view).getByTestId('lines-extension'), '101{Enter}');
    expect(await within(view).findByTestId('lines-form-error')).toHaveTextContent('Этот номер на этой АТС уже у другого сотрудника');
    await user.clear(within(view).getByTestId('lines-extension'));
    await user.type(within(view).getByTestId('lines-extension'), '102');
    await user.type(within(view).getByTestId('lines-endpoint'), 'acc-7732{Enter}');
    await waitFor(() => expect(fake.calls['admin.pbxSetLine']).toHaveBeenLastCalledWith({ sourceId: 'asterisk', userId: BORIS.id, extension: '102', endpoint: 'acc-7732' }));
    expect(await within(view).findAllByTestId('lines-row')).toHaveLength(2);

    await user.click(within(view).getAllByTestId('lines-remove')[0]!);
    await waitFor(() => expect(fake.calls['admin.pbxRemoveLine']).toHaveBeenCalledWith({ sourceId: 'asterisk', userId: ANNA.id }));
    expect(await within(view).findByText('На этой АТС пока нет линий')).toBeInTheDocument();

    // A cloud PBX shows where it sends its events, and has no endpoint names.
    await user.selectOptions(within(view).getByTestId('lines-pbx'), 'mango');
    expect(await within(view).findByTestId('lines-webhook')).toHaveTextContent('/pbx/mango/');
    expect(within(view).queryByTestId('lines-endpoint')).not.toBeInTheDocument();
  });

  it('a supervisor has neither the view nor its key', async () => {
    const fake = api('supervisor');
    const { user } = renderApp(fake);
    await screen.findByTestId('supervisor-nav');
    expect(screen.queryByTestId('supervisor-open-lines')).not.toBeInTheDocument();
    await user.keyboard('{Alt>}i{/Alt}');
    expect(screen.queryByTestId('lines-view')).not.toBeInTheDocument();
    expect(fake.calls['admin.pbxList']).not.toHaveBeenCalled();
  });
});
