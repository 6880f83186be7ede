import { ar } from './ar';
import { en } from './en';

/**
 * The catalogues, one per language: the six official languages of the United Nations. Each
 * holds every key of the English one (test/unit/catalogues.test.ts), with the plural forms
 * its language needs (CLDR: Arabic six, Russian four, Chinese one).
 */
export interface Translation {
  readonly [key: string]: string | Translation;
}

export const CATALOGUES: Readonly<Record<string, Translation>> = { en, ar };
