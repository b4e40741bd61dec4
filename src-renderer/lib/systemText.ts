// Texts the system wrote (a missed call's notes, its callback task, an unknown caller's name, the task
// to answer a message from a shared mailbox or a website's form, a chat's customer) are kept
// in the language of whoever wrote them; the screen says them in the reader's (issue 17).
import { useTranslation } from 'react-i18next';
import { missedCallTextIn } from '../../src-shared/api/missed-call-text.js';
import type { Locale } from '../../src-shared/domain.js';
import { mailTextIn } from '../../src-shared/mail/text.js';
import { formTextIn } from '../../src-shared/forms/text.js';
import { chatTextIn } from '../../src-shared/chat/text.js';

export function useSystemText(): (text: string) => string {
  const { i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ru';
  return (text) => chatTextIn(formTextIn(mailTextIn(missedCallTextIn(text, locale), locale), locale), locale);
}
