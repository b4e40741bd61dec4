// One i18next instance per app (and per component test), created with both languages bundled:
// the desktop works offline, so nothing is fetched at run time.
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../src-shared/domain.js';
import { en } from './en.js';
import { ru } from './ru.js';

export const DEFAULT_LOCALE: Locale = 'ru';
export const resources = { ru: { translation: ru }, en: { translation: en } } as const;

export function createI18n(locale: Locale = DEFAULT_LOCALE): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    // React escapes text itself; escaping here too would show "&quot;" in customer names.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    react: { useSuspense: false },
  });
  syncDocumentLanguage(instance.language);
  instance.on('languageChanged', syncDocumentLanguage);
  return instance;
}

/** Screen readers pick their voice from <html lang>, so it must follow the UI language. */
function syncDocumentLanguage(lng: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}

export function isLocale(value: string): value is Locale {
  return value === 'ru' || value === 'en';
}
