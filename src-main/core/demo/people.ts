// Who the demo customers and users are: Russian and English names, phone numbers in the forms people
// type them, organisations, and how often each reason and mood occurs.
import type { Mood, Reason } from '../../../src-shared/index.js';
import type { Prng } from './random.js';
import * as W from './words.js';

/** The i-th customer's mobile number, E.164: distinct for every i below 21 × 10^7. */
export function demoMobile(i: number): string {
  const codes = W.RU_MOBILE_CODES;
  const code = codes[i % codes.length] as string;
  const rest = ((Math.floor(i / codes.length) * 7_919 + 1_234_567) % 10_000_000).toString().padStart(7, '0');
  return `+7${code}${rest}`;
}

export function demoLandline(i: number): string {
  const codes = W.RU_LANDLINE_CODES;
  const code = codes[i % codes.length] as string;
  // Exchange numbers start at 2..9 to stay within allocated ranges.
  const rest = (2_000_000 + ((i * 4_871 + 77) % 7_000_000)).toString();
  return `+7${code}${rest}`;
}

/** How an operator or a PBX might have typed the number. */
export function rawForm(e164: string, style: number): string {
  const d = e164.slice(2); // ten national digits
  const [a, b, c, e] = [d.slice(0, 3), d.slice(3, 6), d.slice(6, 8), d.slice(8, 10)];
  switch (style % 4) {
    case 0: return `8 (${a}) ${b}-${c}-${e}`;
    case 1: return `+7 ${a} ${b}${c}${e}`;
    case 2: return `7${d}`;
    default: return `+7 (${a}) ${b}-${c}-${e}`;
  }
}

export function translit(s: string): string {
  return [...s.toLowerCase()].map((ch) => W.RU_TRANSLIT[ch] ?? (/[a-z0-9]/.test(ch) ? ch : '')).join('');
}

export function femaleSurname(s: string): string {
  return /(ов|ев|ёв|ин)$/.test(s) ? `${s}а` : s;
}

export interface Person {
  name: string;
  emailLocal: string;
  ru: boolean;
}

export function person(rng: Prng): Person {
  if (rng.chance(0.8)) {
    const female = rng.chance(0.5);
    const first = rng.pick(female ? W.RU_FEMALE_FIRST : W.RU_MALE_FIRST);
    const surname = rng.pick(W.RU_SURNAMES);
    const patronymic = rng.pick(W.RU_PATRONYMIC_ROOTS) + (female ? 'на' : 'ич');
    const last = female ? femaleSurname(surname) : surname;
    return { name: `${last} ${first} ${patronymic}`, emailLocal: `${translit(first)}.${translit(last)}`, ru: true };
  }
  const first = rng.pick(W.EN_FIRST);
  const last = rng.pick(W.EN_SURNAMES);
  return { name: `${first} ${last}`, emailLocal: `${first}.${last}`.toLowerCase(), ru: false };
}

export function organisation(rng: Prng, ru: boolean): string {
  return ru ? `${rng.pick(W.RU_ORG_FORMS)} «${rng.pick(W.RU_ORG_NAMES)}»` : `${rng.pick(W.EN_ORG_NAMES)} ${rng.pick(W.EN_ORG_FORMS)}`;
}

export const REASON_WEIGHTS: [Reason, number][] = [['complaint', 0.15], ['service_request', 0.3], ['information', 0.3], ['sales', 0.18], ['other', 0.07]];
export const MOOD_WEIGHTS: [Mood, number][] = [['positive', 0.3], ['neutral', 0.45], ['negative', 0.17], ['angry', 0.08]];

export function weighted<T>(rng: Prng, table: [T, number][]): T {
  let x = rng.next();
  for (const [value, w] of table) {
    if (x < w) return value;
    x -= w;
  }
  return (table[table.length - 1] as [T, number])[0];
}

/** Interactions per customer: most have a handful, one in `heavyEvery` has thousands. */
export function historySize(rng: Prng, i: number, heavyEvery: number, scale: number): number {
  if (i % heavyEvery === heavyEvery - 1) return rng.int(1_000, 4_000);
  // Geometric-like tail with a mean near 7 at scale 7.5, so 1M customers give about 10M interactions with the heavy ones.
  return Math.min(60, Math.floor(-Math.log(1 - rng.next()) * scale));
}

export const USERS: { name: string; ext: string | null; role: 'operator' | 'supervisor' | 'admin' }[] = [
  { name: 'Смирнова Ольга', ext: '101', role: 'operator' },
  { name: 'Кузнецов Артём', ext: '102', role: 'operator' },
  { name: 'Попова Дарья', ext: '103', role: 'operator' },
  { name: 'Васильев Игорь', ext: '104', role: 'operator' },
  { name: 'Emily Carter', ext: '105', role: 'operator' },
  { name: 'Новикова Светлана', ext: '106', role: 'operator' },
  { name: 'Морозов Павел (менеджер)', ext: '201', role: 'supervisor' },
  { name: 'Лебедева Анна (менеджер)', ext: '202', role: 'supervisor' },
  { name: 'Grant Wilson (manager)', ext: '203', role: 'supervisor' },
  { name: 'Администратор', ext: null, role: 'admin' },
];
