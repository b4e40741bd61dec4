import type { i18n as I18n } from 'i18next';
import { useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { ApiClient } from './api/client.js';
import { ApiProvider } from './api/context.js';
import { createI18n } from './i18n/index.js';
import { createStores, StoresProvider, type AppStores } from './stores/index.js';

/** Everything the UI needs from outside: the API client, the i18n instance and the stores. */
export function AppProviders({ api, i18n, stores, children }: { api: ApiClient; i18n?: I18n; stores?: AppStores; children: ReactNode }) {
  const [ctx] = useState(() => {
    const instance = i18n ?? createI18n();
    return { i18n: instance, stores: stores ?? createStores(api, instance) };
  });
  return (
    <ApiProvider client={api}>
      <I18nextProvider i18n={ctx.i18n}>
        <StoresProvider stores={ctx.stores}>{children}</StoresProvider>
      </I18nextProvider>
    </ApiProvider>
  );
}
