import { z } from 'zod';
import type { Language } from '../../src-shared';

/**
 * zod's own words for a payload that does not fit its schema, in the console's language:
 * zod ships Romanian. A schema's own message (a `.refine` with its text) stays as written.
 */
const errorMaps: Record<Language, z.core.$ZodErrorMap | undefined> = {
  en: undefined,
  ro: z.locales.ro().localeError,
};

export function payloadErrorMap(language: Language): z.core.$ZodErrorMap | undefined {
  return errorMaps[language];
}
