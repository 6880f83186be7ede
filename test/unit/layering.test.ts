import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * docs/ARCHITECTURE.md, "Layers": imports point one way, adapters -> flows -> src. The composition root
 * (src/app.ts, run by src/main.ts) is where adapters are wired in.
 */
const ROOT = join(__dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => relative(ROOT, join(file, '..', m[1] as string)));
}

describe('layering', () => {
  it('src/ never imports flows/ or adapters/, except the composition root', () => {
    const offenders = files(join(ROOT, 'src'))
      .filter((file) => !file.endsWith(join('src', 'main.ts')) && !file.endsWith(join('src', 'app.ts')))
      .flatMap((file) => imports(file).filter((target) => /^(flows|adapters)\//.test(target)).map((target) => `${relative(ROOT, file)} -> ${target}`));
    expect(offenders).toEqual([]);
  });

  it('flows/ never import adapters/', () => {
    const offenders = files(join(ROOT, 'flows')).flatMap((file) =>
      imports(file).filter((target) => target.startsWith('adapters/')).map((target) => `${relative(ROOT, file)} -> ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the domain depends on nothing but itself and the error type', () => {
    const offenders = files(join(ROOT, 'src', 'domain')).flatMap((file) =>
      imports(file)
        .filter((target) => !target.startsWith('src/domain/') && target !== 'src/errors')
        .map((target) => `${relative(ROOT, file)} -> ${target}`),
    );
    expect(offenders).toEqual([]);
  });
});
