import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A real MongoDB-wire server for the tests, never a mock. startTestServer() looks, in order,
 * for: MONGODB_URI; a `mongod` on PATH; FerretDB 1.24 on SQLite (scripts/ferretdb.sh, which
 * builds it with Go the first time); the `mongodb-memory-server` package, if installed.
 */
export interface TestServer {
  uri: string;
  kind: string;
  stop(): Promise<void>;
}

/** The project's root, whether this runs from the sources (jest) or compiled (benchmarks). */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const FERRETDB_SCRIPT = join(projectRoot(), 'scripts', 'ferretdb.sh');

/** A TCP port free on this machine now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function onPath(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', 'command -v "$1"', 'sh', command]);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function startMongod(): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'amparo-mongod-'));
  const port = await freePort();
  const log = join(dir, 'mongod.log');
  const child = spawn('mongod', ['--dbpath', dir, '--port', String(port), '--bind_ip', '127.0.0.1', '--logpath', log], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await accepts(port)) return { uri: `mongodb://127.0.0.1:${port}/`, kind: 'mongod', stop };
    await sleep(200);
  }
  const what =
    child.exitCode !== null || child.signalCode !== null
      ? `mongod exited at start (${child.exitCode ?? child.signalCode})`
      : `mongod did not accept connections on port ${port} within 30 s`;
  const tail = (await readFile(log, 'utf8').catch(() => '')).split('\n').slice(-10).join('\n');
  await stop();
  throw new Error(`${what}; its log ends:\n${tail}`);
}

async function startFerretDb(): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'amparo-ferretdb-'));
  try {
    // A cold build takes about two minutes on two cores; allow much more. Passing our pid lets
    // the script stop the server should this process die before the teardown runs.
    const { stdout } = await run('bash', [FERRETDB_SCRIPT, 'start', dir, String(process.pid)], { maxBuffer: 1 << 20, timeout: 20 * 60_000 });
    const version = (await readFile(join(dir, 'version'), 'utf8').catch(() => '')).trim().replace(/^v/, '');
    return {
      uri: stdout.trim(),
      kind: `FerretDB ${version || '1.24'} (SQLite backend)`,
      stop: async () => {
        await run('bash', [FERRETDB_SCRIPT, 'stop', dir]);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await run('bash', [FERRETDB_SCRIPT, 'stop', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

type MemoryServerModule = { MongoMemoryServer: { create(): Promise<{ getUri(): string; stop(): Promise<boolean> }> } };

async function startMemoryServer(): Promise<TestServer | undefined> {
  let module: MemoryServerModule;
  try {
    // Optional, not a dependency: only where someone installed it (its MongoDB download needs the internet).
    module = require('mongodb-memory-server') as MemoryServerModule;
  } catch {
    return undefined;
  }
  const server = await module.MongoMemoryServer.create();
  return { uri: server.getUri(), kind: 'mongodb-memory-server', stop: async () => void (await server.stop()) };
}

function reason(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim();
  return (stderr || (error as Error).message || String(error)).replace(/\s+/g, ' ');
}

export async function startTestServer(): Promise<TestServer> {
  const given = process.env.MONGODB_URI;
  if (given) return { uri: given, kind: 'MONGODB_URI', stop: async () => undefined };

  const tried: string[] = ['MONGODB_URI: not set'];
  if (await onPath('mongod')) {
    try {
      return await startMongod();
    } catch (error) {
      tried.push(`mongod on PATH: ${reason(error)}`);
    }
  } else {
    tried.push('mongod: not on PATH');
  }
  try {
    return await startFerretDb();
  } catch (error) {
    tried.push(`FerretDB via scripts/ferretdb.sh: ${reason(error)}`);
  }
  try {
    const memory = await startMemoryServer();
    if (memory) return memory;
    tried.push('mongodb-memory-server: not installed');
  } catch (error) {
    tried.push(`mongodb-memory-server: ${reason(error)}`);
  }
  throw new Error(
    'No MongoDB-wire server for the tests.\nTried:\n' +
      tried.map((line) => `  - ${line}`).join('\n') +
      '\nFix one of:\n' +
      '  - set MONGODB_URI to a MongoDB 6.0+ (or FerretDB 1.24) server, e.g. MONGODB_URI=mongodb://127.0.0.1:27017/ npm test;\n' +
      '  - put mongod (MongoDB 6.0+) on PATH;\n' +
      '  - install Go 1.24+ so that scripts/ferretdb.sh can build FerretDB 1.24.2 (about two minutes, once).',
  );
}
