import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCommittee } from '../src/domain/committee';
import { UN_LANGUAGES } from '../src/i18n';
import { reportDocument, REPORT_NAMES, type ReportKind } from '../src/services/report-documents';
import { ReportService } from '../src/services/reports';
import { KeyRing } from '../src/services/crypto';
import { EmbeddedStore } from '../src/store/embedded-store';
import { planRegister, storeRegister } from '../test/support/register-generator';

/**
 * Makes every report in each of the six languages from the demo register (a generated register
 * of 600 cases, the one the tests use, in memory) so that a person can look at them: the
 * charts as PNG, and each Word document turned into PDF and PNG pages by LibreOffice and
 * poppler when they are installed (Debian: `apt-get install libreoffice-writer-nogui
 * poppler-utils fonts-noto-core fonts-noto-cjk`).
 *
 *   npm run render:reports [-- <folder>]          (default: ./rendered-reports)
 *   npm run render:reports -- <folder> --readme   (also updates docs/progress-chart.png and -ar.png)
 */
const ROOT = join(__dirname, '..', '..');
const YEAR = 2026;
const PERIOD = { from: new Date(Date.UTC(YEAR, 0, 1)), to: new Date(Date.UTC(YEAR + 1, 0, 1)) };
const KINDS: ReportKind[] = ['progress', 'ga', 'chairs'];

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The Word document as PDF (LibreOffice, headless), then each page as PNG at 80 dpi (poppler). */
function pages(docx: string, dir: string): string[] {
  if (!has('soffice')) return [];
  execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { stdio: 'ignore', timeout: 180_000 });
  const pdf = docx.replace(/\.docx$/, '.pdf');
  if (!existsSync(pdf) || !has('pdftoppm')) return existsSync(pdf) ? [pdf] : [];
  execFileSync('pdftoppm', ['-png', '-r', '80', pdf, pdf.replace(/\.pdf$/, '-page')]);
  return [pdf, ...readdirSync(dir).filter((f) => f.includes('-page')).map((f) => join(dir, f))];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const out = args.find((a) => !a.startsWith('--')) ?? join(process.cwd(), 'rendered-reports');
  const store = new EmbeddedStore();
  await store.init();
  for (const _id of ['CAT', 'CCPR', 'CED'] as const) await store.saveCommittee(defineCommittee({ _id, name: _id }));
  await storeRegister(store, planRegister(600, ['CAT', 'CCPR', 'CED'], 2026));
  const reports = new ReportService({ store, clock: { now: () => new Date(Date.UTC(YEAR, 11, 20)) }, keys: new KeyRing([{ id: 'render', key: randomBytes(32) }]) });
  rmSync(out, { recursive: true, force: true });
  for (const locale of UN_LANGUAGES) {
    for (const kind of KINDS) {
      const dir = join(out, locale, REPORT_NAMES[kind]);
      mkdirSync(dir, { recursive: true });
      const started = Date.now();
      const document = await reportDocument(reports, { kind, period: PERIOD, locale, committee: 'CAT', committees: ['CAT', 'CCPR', 'CED'], files: true });
      writeFileSync(join(dir, `${document.name}.md`), document.markdown);
      for (const [name, content] of Object.entries(document.files)) writeFileSync(join(dir, name), content);
      const made = document.word ? pages(join(dir, document.word), dir) : [];
      process.stdout.write(`${locale} ${kind}: ${Object.keys(document.files).length + 1} files in ${Date.now() - started} ms${made.length > 0 ? `, ${made.length - 1} pages` : ''} -> ${dir}\n`);
      if (args.includes('--readme') && kind === 'progress' && (locale === 'en' || locale === 'ar')) copyFileSync(join(dir, `${document.name}.png`), join(ROOT, 'docs', locale === 'en' ? 'progress-chart.png' : `progress-chart-${locale}.png`));
    }
  }
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
