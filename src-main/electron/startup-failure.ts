// What an operator is told when the desktop cannot start: what happened and what to do, in their
// language, instead of a window that never appears. Pure text, so it is tested without Electron.

export interface StartupFailure {
  title: string;
  message: string;
}

type Kind = 'newer' | 'corrupt' | 'disk_full' | 'locked' | 'other';

function kindOf(error: unknown): Kind {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'MigrationError' && /newer/i.test(message)) return 'newer';
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || /malformed|not a database/i.test(message)) return 'corrupt';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || /database or disk is full/i.test(message)) return 'disk_full';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'locked';
  return 'other';
}

const TEXT: Record<'ru' | 'en', Record<Kind, (store: string) => string> & { title: string; details: string }> = {
  ru: {
    title: 'Картотека не запустилась',
    newer: (store) => `Хранилище ${store} создано более новой версией Картотеки. Установите новую версию (её даёт администратор) и запустите снова.`,
    corrupt: (store) => `Хранилище ${store} повреждено. Закройте Картотеку, переименуйте этот файл (не удаляйте: в нём могут быть неотправленные записи) и запустите снова: данные заново загрузятся с сервера. Или восстановите файл из резервной копии. Сообщите администратору.`,
    disk_full: (store) => `На диске нет места для хранилища ${store}. Освободите место и запустите Картотеку снова: ничего из записанного не потеряно.`,
    locked: (store) => `Хранилище ${store} занято другой программой. Закройте её (или перезагрузите компьютер) и запустите Картотеку снова.`,
    other: (store) => `Не удалось открыть хранилище ${store}. Запустите Картотеку снова; если ошибка повторится, сообщите администратору текст ниже.`,
    details: 'Подробности',
  },
  en: {
    title: 'Kartoteka could not start',
    newer: (store) => `The store ${store} was made by a newer version of Kartoteka. Install the new version (your administrator has it) and start again.`,
    corrupt: (store) => `The store ${store} is damaged. Close Kartoteka, rename that file (do not delete it: it may hold unsent entries) and start again: the data loads again from the server. Or restore the file from a backup. Tell your administrator.`,
    disk_full: (store) => `The disk has no room for the store ${store}. Free some space and start Kartoteka again: nothing you logged is lost.`,
    locked: (store) => `The store ${store} is held by another program. Close it (or restart the computer) and start Kartoteka again.`,
    other: (store) => `The store ${store} could not be opened. Start Kartoteka again; if it fails again, give your administrator the text below.`,
    details: 'Details',
  },
};

export function startupFailure(error: unknown, locale: string, storePath: string): StartupFailure {
  const t = TEXT[locale.toLowerCase().startsWith('ru') ? 'ru' : 'en'];
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { title: t.title, message: `${t[kindOf(error)](storePath)}\n\n${t.details}: ${detail.slice(0, 500)}` };
}
