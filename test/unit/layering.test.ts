import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Services } from '../../src/services';
import type { Store } from '../../src/store/store';

/**
 * docs/ARCHITECTURE.md, "Layers": imports point one way, adapters -> flows -> src. The composition root
 * (src/app.ts, run by src/main.ts) is where adapters are wired in. Services are the one door to
 * the data: adapters and flows never reach the store.
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

  it('adapters and flows never import the store: they reach the data through services', () => {
    const offenders = [...files(join(ROOT, 'adapters')), ...files(join(ROOT, 'flows'))].flatMap((file) =>
      imports(file)
        .filter((target) => target.startsWith('src/store/'))
        .map((target) => `${relative(ROOT, file)} -> ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no member of the services a flow or adapter is given is a store', () => {
    // Checked by the compiler: naming a member whose type is a Store makes this `false`.
    type StoreDoors = { [K in keyof Services]: Services[K] extends Store ? K : never }[keyof Services];
    const noStoreDoor: [StoreDoors] extends [never] ? true : false = true;
    expect(noStoreDoor).toBe(true);
  });

  it('the configuration imports no service', () => {
    const offenders = imports(join(ROOT, 'src', 'config.ts')).filter((target) => target.startsWith('src/services/'));
    expect(offenders).toEqual([]);
  });
});
