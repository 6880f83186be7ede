import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Every word a user reads comes from the catalogues. In adapters/ and flows/ no string
 * literal may hold words (two words or more, with a space), except where it cannot reach a
 * user: log lines, developers' errors, and the few platform values listed below with why.
 */
const ROOT = join(__dirname, '..', '..');

/** Literals that look like words but are not shown to a person (`file: text` → why); none today. */
const ALLOWED: Record<string, string> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** A call whose text is for operators or developers: logger.*(…), new Error(…), require/import. */
function forDevelopers(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isNewExpression(at) && /Error$/.test(at.expression.getText())) return true;
    if (ts.isCallExpression(at) && /(^|\.)(logger|log)\.(trace|debug|info|warn|error|fatal)$|^logger\.|\.logger\./.test(at.expression.getText())) return true;
    if (ts.isImportDeclaration(at) || ts.isExportDeclaration(at)) return true;
  }
  return false;
}

const WORDS = /[A-Za-z\u00C0-\u024F]{2,}\s+[A-Za-z\u00C0-\u024F]{2,}/;

function wordyLiterals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const text = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node) ? node.text : undefined;
    if (text !== undefined && WORDS.test(text) && !forDevelopers(node)) {
      const where = `${relative(ROOT, file)}: ${text}`;
      if (!(where in ALLOWED)) found.push(where);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no user-facing literal outside the catalogues', () => {
  it('adapters/ and flows/ hold no words of their own', () => {
    const files = ['adapters', 'flows'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap(wordyLiterals)).toEqual([]);
  });

  it('would catch one (the check itself works)', () => {
    const source = ts.createSourceFile('probe.ts', "const reply = 'Your report was received';\nlogger.info({}, 'a log line is fine');\n", ts.ScriptTarget.ES2022, true);
    const hits: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isStringLiteral(node) && WORDS.test(node.text) && !forDevelopers(node)) hits.push(node.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(hits).toEqual(['Your report was received']);
  });
});
