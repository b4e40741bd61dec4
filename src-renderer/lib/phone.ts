// Phone numbers shown the same way everywhere (issue 17): the international format of the number
// (+7 916 777-00-11), whatever form it was typed or sent in; anything that is not a phone number (a
// withheld caller, an extension, an address) is shown as it is.
import { formatPhone, normalisePhone } from '../../src-shared/contact-normalise.js';
import { useSession } from '../stores/index.js';

export function displayPhone(value: string, defaultCountry = 'RU'): string {
  const parsed = normalisePhone(value, defaultCountry);
  return parsed.ok ? formatPhone(parsed.e164) : value;
}

/** displayPhone with the desktop's default country (numbers typed without a country code). */
export function usePhoneFormat(): (value: string) => string {
  const country = useSession((s) => s.settings?.defaultCountry ?? 'RU');
  return (value) => displayPhone(value, country);
}
