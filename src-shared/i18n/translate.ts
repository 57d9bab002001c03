import { en, type MessageKey } from './messages-en';
import { ro } from './messages-ro';

/**
 * The languages the console and its receipts speak. English is the source catalogue and the
 * default; each other language is typed `Record<MessageKey, string>`, so a key missing from it
 * fails the typecheck (and tests/unit/i18n.test.ts checks its {placeholders} against English).
 */
export const LANGUAGES = ['en', 'ro'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language by its own name, as the switch lists it. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ro: 'Română' };

export const catalogues: Record<Language, Record<MessageKey, string>> = { en, ro };

export type { MessageKey };

/** The {names} in a catalogue text, e.g. "Exit by {time}" → "time". */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;
type Catalogue = typeof en;
/** A key's parameters: none for a plain text, else one value per {placeholder} in English. */
export type ParamsOf<K extends MessageKey> = [Placeholders<Catalogue[K]>] extends [never]
  ? []
  : [params: Record<Placeholders<Catalogue[K]>, string | number>];

/** A key whose text has no {placeholder}: a label picked from a table. */
export type PlainKey = {
  [K in MessageKey]: ParamsOf<K> extends [] ? K : never;
}[MessageKey];

export type Translate = <K extends MessageKey>(key: K, ...params: ParamsOf<K>) => string;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The text of `key` in `language` with its {placeholders} filled in. */
export function translate<K extends MessageKey>(
  language: Language,
  key: K,
  ...params: ParamsOf<K>
): string {
  const text = catalogues[language]?.[key] ?? en[key] ?? key;
  const values = params[0] as Record<string, string | number> | undefined;
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole,
  );
}

/** `translate` bound to one language. */
export function translator(language: Language): Translate {
  return (key, ...params) => translate(language, key, ...params);
}

/** A text that comes in plural forms: its `.one`, `.few` and `.other` keys all exist. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer B}.one`
    ? `${B}.few` extends MessageKey
      ? `${B}.other` extends MessageKey
        ? B
        : never
      : never
    : never;
}[MessageKey];

/** A plural text's parameters besides {count}. */
type OtherPlaceholders<B extends PluralKey> = Exclude<
  Placeholders<Catalogue[`${B}.other` & MessageKey]>,
  'count'
>;
export type CountParams<B extends PluralKey> = [OtherPlaceholders<B>] extends [never]
  ? []
  : [params: Record<OtherPlaceholders<B>, string | number>];

const pluralRules = new Map<Language, Intl.PluralRules>();

/**
 * The plural form of `base` that `count` takes in `language` (Romanian: 1 is "one", 2-19
 * "few", 20 and up "other": "20 de ore"), with {count} and the other placeholders filled in.
 */
export function translateCount<B extends PluralKey>(
  language: Language,
  base: B,
  count: number,
  ...params: CountParams<B>
): string {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    pluralRules.set(language, rules);
  }
  const category = rules.select(count);
  const form = category === 'one' || category === 'few' ? category : 'other';
  const key = `${base}.${form}` as MessageKey;
  const values = { ...(params[0] as object | undefined), count };
  return (translate as (l: Language, k: MessageKey, p: object) => string)(language, key, values);
}

/** The {placeholder} names of a text, sorted, each once. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}
