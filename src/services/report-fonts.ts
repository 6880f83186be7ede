import { dirname, join } from 'node:path';

/**
 * The fonts a report's charts are drawn with. They come with Amparo's npm packages, under the
 * SIL Open Font License: Noto Sans (Latin, Cyrillic, Greek), Noto Sans Arabic (with Latin
 * letters of its own) and Noto Sans Hans (Simplified Chinese, GB 2312, with Latin too). The
 * system's fonts are never looked at, so a chart is the same on every machine that ran
 * `npm ci`, and each of the six languages has its own glyphs.
 */
const PACKAGES: Array<{ name: string; files: string[] }> = [
  // Each package's entry point is in `dist/`, its fonts in `fonts/`.
  { name: '@embedpdf/fonts-latin', files: ['../fonts/NotoSans-Regular.ttf', '../fonts/NotoSans-Bold.ttf'] },
  { name: '@embedpdf/fonts-sc', files: ['../fonts/NotoSansHans-Regular.otf', '../fonts/NotoSansHans-Bold.otf'] },
  // The entry point is at the package's root, each weight in its own folder.
  { name: '@expo-google-fonts/noto-sans-arabic', files: ['400Regular/NotoSansArabic_400Regular.ttf', '700Bold/NotoSansArabic_700Bold.ttf'] },
];

const LATIN = 'Noto Sans';
const ARABIC = 'Noto Sans Arabic';
const CHINESE = 'Noto Sans S Chinese';

/**
 * The families a chart asks for, its language's first. A text is shaped with one font when that
 * font has every glyph: a font that lacks some is completed by the next one, which resvg can
 * only do where both make as many glyphs (Arabic's lam-alef ligature makes fewer), so an Arabic
 * chart's codes and numbers are drawn with the Arabic font's own Latin letters.
 */
export function chartFontFamily(language: string): string {
  const first = language === 'ar' ? ARABIC : language === 'zh' ? CHINESE : LATIN;
  return [first, ...[LATIN, ARABIC, CHINESE].filter((family) => family !== first)].join(', ');
}

export const DEFAULT_CHART_FONT = LATIN;

let found: string[] | undefined;

/** The font files, found from each package's entry point. */
export function chartFontFiles(): string[] {
  found ??= PACKAGES.flatMap(({ name, files }) => {
    const entry = dirname(require.resolve(name));
    return files.map((file) => join(entry, file));
  });
  return found;
}

/**
 * How wide a text is drawn, in pixels, for laying a chart out before it is drawn (ECharts has no
 * canvas to measure with on a server). Widths per character are these fonts' averages, a little
 * generous so that a label never overflows the room it is given.
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let ems = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (/[\p{M}\u200B-\u200F\u202A-\u202E\u2066-\u2069]/u.test(ch)) continue; // vowel marks, combining marks and direction marks take no room
    else if (ch === ' ') ems += 0.27;
    else if (/[0-9]/.test(ch)) ems += 0.58;
    else if (/[A-Z]/.test(ch)) ems += 0.66;
    else if (/[a-z]/.test(ch)) ems += 0.55;
    else if (/[.,:;'’|!()[\]-]/.test(ch)) ems += 0.32;
    else if (code >= 0x0600 && code <= 0x06ff) ems += 0.47; // Arabic, shaped: joined letters are narrow
    else if ((code >= 0x0750 && code <= 0x08ff) || (code >= 0xfb50 && code <= 0xfeff)) ems += 0.47;
    else if (code >= 0x0400 && code <= 0x04ff) ems += 0.62; // Cyrillic
    else if ((code >= 0x2e80 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef) || (code >= 0x3000 && code <= 0x303f)) ems += 1;
    else ems += 0.6;
  }
  return ems * fontSize * (bold ? 1.08 : 1);
}

/** The width of a text's widest line. */
export function widestLine(text: string, fontSize: number, bold = false): number {
  return Math.max(0, ...text.split('\n').map((line) => textWidth(line, fontSize, bold)));
}

/**
 * A label broken into lines (`\n`) of at most `width` pixels, at spaces, or between any two
 * Chinese characters. `line` dresses each line, which is drawn on its own.
 */
export function wrapText(text: string, width: number, fontSize: number, line: (text: string) => string = (t) => t, bold = false): string {
  const pieces = text.split(/(?<=\s)|(?<=[\u3000-\u9fff\uff00-\uffef])/u);
  const lines: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current !== '' && textWidth(current + piece, fontSize, bold) > width) {
      lines.push(current.trim());
      current = '';
    }
    current += piece;
  }
  if (current.trim() !== '' || lines.length === 0) lines.push(current.trim());
  return lines.map(line).join('\n');
}
