import { ar } from './ar';
import { zh } from './zh';
import { en } from './en';
import { fr } from './fr';
import { ru } from './ru';
import { es } from './es';
import type { Translation } from './translation';

export type { Translation } from './translation';

/**
 * The catalogues, one per language: the six official languages of the United Nations. Each
 * holds every key of the English one (test/unit/catalogues.test.ts), with the plural forms
 * its language needs (CLDR: Arabic six, Russian four, Chinese one).
 */

export const CATALOGUES: Readonly<Record<string, Translation>> = { ar, zh, en, fr, ru, es };
