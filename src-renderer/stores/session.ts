import type { i18n as I18n } from 'i18next';
import { createStore } from 'zustand/vanilla';
import type { Locale } from '../../src-shared/domain.js';
import type { Settings, UserRef } from '../../src-shared/api/entities.js';
import type { ApiClient } from '../api/client.js';
import { isLocale } from '../i18n/index.js';

export interface SessionState {
  status: 'loading' | 'ready' | 'error';
  user: UserRef | null;
  settings: Settings | null;
  storeSize: { customers: number; interactions: number } | null;
  error: unknown;
  load(): Promise<void>;
  setLocale(locale: Locale): Promise<void>;
  toggleLocale(): Promise<void>;
}

export function createSessionStore(api: ApiClient, i18n: I18n) {
  return createStore<SessionState>()((set, get) => ({
    status: 'loading',
    user: null,
    settings: null,
    storeSize: null,
    error: null,
    async load() {
      try {
        const s = await api['session.get']({});
        set({ status: 'ready', user: s.user, settings: s.settings, storeSize: s.store, error: null });
        if (i18n.language !== s.settings.locale) await i18n.changeLanguage(s.settings.locale);
      } catch (error) {
        set({ status: 'error', error });
      }
    },
    async setLocale(locale) {
      // Switch at once: the operator may be mid-call; persisting is secondary and may fail offline.
      await i18n.changeLanguage(locale);
      const prev = get().settings;
      if (prev) set({ settings: { ...prev, locale } });
      try {
        const settings = await api['settings.update']({ locale });
        set({ settings });
      } catch (error) {
        set({ error });
      }
    },
    async toggleLocale() {
      const current = isLocale(i18n.language) ? i18n.language : 'ru';
      await get().setLocale(current === 'ru' ? 'en' : 'ru');
    },
  }));
}
