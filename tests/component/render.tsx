import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src-renderer/App.js';
import { AppProviders } from '../../src-renderer/AppProviders.js';
import { createI18n } from '../../src-renderer/i18n/index.js';
import { createStores } from '../../src-renderer/stores/index.js';
import type { Locale } from '../../src-shared/domain.js';
import type { FakeApi } from './fakeApi.js';

export function renderApp(api: FakeApi, locale: Locale = 'ru') {
  const i18n = createI18n(locale);
  const stores = createStores(api, i18n);
  const user = userEvent.setup();
  const view = render(
    <AppProviders api={api} i18n={i18n} stores={stores}>
      <App />
    </AppProviders>,
  );
  return { ...view, user, stores, i18n };
}
