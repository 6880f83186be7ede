import { unzipSync } from 'fflate';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
} from 'docx';
import { isRightToLeft, languageOf, translate } from '../i18n';
import type { RenderedChart } from './report-chart';
import { numbers, type ReportText, type Table as ReportTable } from './report-formats';
import { zip } from './zip';

/**
 * A report as a Word document, for the secretariat to file: the title, the sentences under it
 * (the period, the confidentiality line), each chart as a picture under its heading, each
 * table with its heading row repeated on every page, page numbers in the footer, and the
 * document's language set. In Arabic every paragraph and table runs right to left.
 *
 * Text typed by people (a practice's title, a public summary) is put in text runs, which Word
 * shows as typed: nothing in them becomes a field, a link or markup.
 */
export interface WordReport {
  text: ReportText;
  charts: RenderedChart[];
  locale: string;
}

/** The language a document is tagged with: the person's own region when given, else the UN's usual one. */
const LANGUAGE_TAGS: Record<string, string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES', ru: 'ru-RU', zh: 'zh-CN', ar: 'ar-SA' };

function languageTag(locale: string): string {
  const language = languageOf(locale);
  const region = /^[a-z]{2,3}[-_]([a-z]{2})$/i.exec(locale)?.[1];
  return region ? `${language}-${region.toUpperCase()}` : (LANGUAGE_TAGS[language] ?? 'en-GB');
}

/** A4 with 2 cm margins: the text is 9,638 twips wide. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** A chart spans the text's width: 17 cm is 642 pixels at 96 per inch. */
const CHART_WIDTH_PX = 640;

/** Characters XML 1.0 cannot hold; a typed text loses them rather than breaking the document. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const inert = (text: string) => text.replace(NOT_XML, '');

const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

class Writer {
  readonly rtl: boolean;
  readonly number: (value: string | number) => string | number;

  constructor(readonly locale: string) {
    this.rtl = isRightToLeft(locale);
    this.number = numbers(locale);
  }

  run(text: string, options: Omit<IRunOptions, 'text'> = {}): TextRun {
    // A run holding Arabic letters is marked right to left, so that Word shapes it with the complex-script font.
    return new TextRun({ ...options, text: this.ordered(inert(text)), ...(this.rtl && ARABIC_LETTER.test(text) ? { rightToLeft: true } : {}) });
  }

  /**
   * Right to left, a date or a number isolated in a sentence also starts with a left-to-right
   * mark: a reader that does not know isolates (older Word and LibreOffice) would otherwise
   * take its digits for Arabic ones and show 2026-01-31 as 31-01-2026.
   */
  ordered(text: string): string {
    return this.rtl ? text.replace(/\u2068(?=[0-9])/g, '\u2068\u200E') : text;
  }

  paragraph(text: string, options: { heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]; italics?: boolean; bold?: boolean; alignment?: (typeof AlignmentType)[keyof typeof AlignmentType]; keepNext?: boolean } = {}): Paragraph {
    return new Paragraph({
      children: [this.run(text, { ...(options.italics ? { italics: true, italicsComplexScript: true } : {}), ...(options.bold ? { bold: true, boldComplexScript: true } : {}) })],
      ...(options.heading ? { heading: options.heading } : {}),
      ...(options.alignment ? { alignment: options.alignment } : {}),
      ...(options.keepNext ? { keepNext: true } : {}),
      bidirectional: this.rtl,
    });
  }

  chart(chart: RenderedChart): Paragraph[] {
    const height = Math.round((CHART_WIDTH_PX * chart.height) / chart.width);
    const image = new ImageRun({
      type: 'png',
      data: chart.print,
      transformation: { width: CHART_WIDTH_PX, height },
      altText: { name: `chart-${chart.chart.id}`, title: inert(chart.chart.title), description: inert(`${chart.chart.title}. ${chart.chart.subtitle}`) },
    });
    return [this.paragraph(chart.chart.title, { heading: HeadingLevel.HEADING_2, keepNext: true }), new Paragraph({ children: [image], alignment: AlignmentType.CENTER, bidirectional: this.rtl })];
  }

  table(table: ReportTable, none: string): Array<Paragraph | Table> {
    const heading = this.paragraph(table.title, { heading: HeadingLevel.HEADING_2, keepNext: true });
    if (table.rows.length === 0) return [heading, this.paragraph(none)];
    const numeric = table.header.map((_, column) => column > 0 && table.rows.every((row) => typeof row[column] === 'number' || row[column] === none));
    const widths = columnWidths(numeric);
    const cell = (value: string | number, column: number, header: boolean) =>
      new TableCell({
        width: { size: widths[column] ?? 0, type: WidthType.DXA },
        margins: { top: 40, bottom: 40, left: 80, right: 80 },
        ...(header ? { shading: { type: ShadingType.CLEAR, fill: 'E7E6E6', color: 'auto' } } : {}),
        children: [
          new Paragraph({
            children: [this.run(String(this.number(value)), header ? { bold: true, boldComplexScript: true } : {})],
            // Counts line up at the end of their column, as in a printed table; words at its start.
            alignment: numeric[column] ? AlignmentType.END : AlignmentType.START,
            bidirectional: this.rtl,
          }),
        ],
      });
    const rows = [
      new TableRow({ tableHeader: true, cantSplit: true, children: table.header.map((h, i) => cell(h, i, true)) }),
      ...table.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((value, i) => cell(value, i, false)) })),
    ];
    const line = { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6' };
    return [
      heading,
      new Table({
        rows,
        width: { size: TEXT_WIDTH, type: WidthType.DXA },
        columnWidths: widths,
        visuallyRightToLeft: this.rtl,
        borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
      }),
    ];
  }

  /** "Page 3 of 7", with the numbers as fields Word fills in. */
  footer(): Footer {
    const marked = translate(this.locale, 'reports.document.page', { page: '\u0001', pages: '\u0002' });
    const style = { size: 18, sizeComplexScript: 18, ...(this.rtl ? { rightToLeft: true } : {}) };
    const runs = marked
      .split(/([\u0001\u0002])/)
      .filter((part) => part !== '')
      .map((part) => new TextRun({ ...style, children: [part === '\u0001' ? PageNumber.CURRENT : part === '\u0002' ? PageNumber.TOTAL_PAGES : part] }));
    return new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, bidirectional: this.rtl, children: runs })] });
  }
}

/** Words take the room the counts leave; each count column is narrow. */
function columnWidths(numeric: boolean[]): number[] {
  const count = Math.min(1800, Math.floor((TEXT_WIDTH * 0.6) / Math.max(1, numeric.filter(Boolean).length)));
  const texts = numeric.filter((n) => !n).length;
  const textWidth = Math.floor((TEXT_WIDTH - count * (numeric.length - texts)) / Math.max(1, texts));
  return numeric.map((n) => (n ? count : textWidth));
}

export async function reportDocx({ text, charts, locale }: WordReport): Promise<Buffer> {
  const writer = new Writer(locale);
  const tag = languageTag(locale);
  const children: Array<Paragraph | Table> = [writer.paragraph(text.title, { heading: HeadingLevel.HEADING_1 })];
  text.lines.forEach((line, index) => children.push(writer.paragraph(line, { italics: index > 0 })));
  for (const chart of charts) children.push(...writer.chart(chart));
  for (const table of text.tables) children.push(...writer.table(table, text.none));
  const document = new Document({
    creator: 'Amparo',
    title: inert(text.title),
    styles: {
      default: {
        document: {
          run: {
            font: { ascii: 'Arial', hAnsi: 'Arial', cs: 'Arial', eastAsia: 'Microsoft YaHei' },
            size: 21,
            sizeComplexScript: 24,
            language: { value: tag, eastAsia: languageOf(locale) === 'zh' ? tag : 'zh-CN', bidirectional: languageOf(locale) === 'ar' ? tag : 'ar-SA' },
          },
          paragraph: { spacing: { after: 120 } },
        },
        heading1: { run: { size: 32, bold: true, boldComplexScript: true, color: '1F3864' }, paragraph: { spacing: { before: 0, after: 200 } } },
        heading2: { run: { size: 25, bold: true, boldComplexScript: true, color: '1F3864' }, paragraph: { spacing: { before: 320, after: 120 } } },
      },
    },
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin } } },
        footers: { default: writer.footer() },
        children,
      },
    ],
  });
  return sameEachTime(await Packer.toBuffer(document));
}

/**
 * The same report makes the same file all day: the document's creation and change times keep
 * only their day, and its parts carry one fixed date. A Teams file card announces the size of
 * the file it will upload once the person accepts, and the file is made again then.
 */
function sameEachTime(docx: Buffer): Buffer {
  const parts = unzipSync(new Uint8Array(docx));
  const core = parts['docProps/core.xml'];
  if (core) {
    const xml = Buffer.from(core).toString('utf8').replace(/(<dcterms:(?:created|modified)[^>]*>\d{4}-\d{2}-\d{2})T[^<]*(<\/dcterms:)/g, '$1T00:00:00Z$2');
    parts['docProps/core.xml'] = new Uint8Array(Buffer.from(xml, 'utf8'));
  }
  return zip(Object.entries(parts).map(([name, data]) => ({ name, data: Buffer.from(data) })));
}

