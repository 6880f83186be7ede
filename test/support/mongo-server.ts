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
 * for:
 *   1. MONGODB_URI (any MongoDB 6.0+, or a FerretDB 2 someone runs);
 *   2. a `mongod` on PATH, started in a temporary folder;
 *   3. FerretDB 2.7 on PostgreSQL 15 + DocumentDB, through scripts/testdb.sh: where its pinned
 *      sources are (../shared/testdb/src, or AMPARO_TESTDB_SOURCES), or where it is already
 *      built (AMPARO_TESTDB_CACHE, default /var/cache/amparo-testdb);
 *   4. the `mongodb-memory-server` package, if installed (not a dependency).
 * Failing all of them, it throws an error that names each and how to fix it.
 */
export interface TestServer {
  uri: string;
  /** What it is, for people: "FerretDB 2.7.0 on PostgreSQL 15 + DocumentDB 0.107-0", "mongod", or "MONGODB_URI". */
  kind: string;
  /** How it was found. */
  source?: 'MONGODB_URI' | 'mongod' | 'testdb' | 'mongodb-memory-server';
  stop(): Promise<void>;
}

/** The project's root, whether this runs from the sources (jest) or compiled (benchmarks). */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const TESTDB_SCRIPT = join(projectRoot(), 'scripts', 'testdb.sh');

/** Where scripts/testdb.sh finds the pinned sources of the PostgreSQL extensions. */
function testDbSources(): string {
  return process.env.AMPARO_TESTDB_SOURCES || join(projectRoot(), '..', 'shared', 'testdb', 'src');
}

/** How long mongodb-memory-server may take to download and start MongoDB. */
const MEMORY_SERVER_TIMEOUT_MS = 60_000;

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
    if (await accepts(port)) return { uri: `mongodb://127.0.0.1:${port}/`, kind: 'mongod', source: 'mongod', stop };
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

/**
 * Why scripts/testdb.sh cannot give a server here, or undefined when it can: it needs its
 * sources (to build, as root) or a finished build.
 */
async function testDbUnavailable(): Promise<string | undefined> {
  if (existsSync(testDbSources())) return undefined;
  try {
    await run('bash', [TESTDB_SCRIPT, 'built'], { timeout: 60_000 });
    return undefined;
  } catch (error) {
    const missing = reason(error).replace(/^\[testdb\] not built: /, '');
    return `no sources to build it from at ${testDbSources()}, and not built (missing: ${missing})`;
  }
}

async function startTestDb(): Promise<TestServer> {
  // As root, PostgreSQL runs as `postgres`, which must reach the folder: /tmp, whatever TMPDIR says.
  const dir = await mkdtemp(join(process.getuid?.() === 0 ? '/tmp' : tmpdir(), 'amparo-testdb-'));
  const stop = async () => {
    await run('bash', [TESTDB_SCRIPT, 'stop', dir], { timeout: 120_000 }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // A cold build takes several minutes; allow much more. With our pid, the script stops the
    // server itself should this process die before the teardown runs.
    const { stdout } = await run('bash', [TESTDB_SCRIPT, 'start', dir, String(process.pid)], { maxBuffer: 1 << 20, timeout: 45 * 60_000 });
    const kind = (await readFile(join(dir, 'version'), 'utf8').catch(() => '')).trim() || 'FerretDB 2 on PostgreSQL + DocumentDB';
    return { uri: stdout.trim(), kind, source: 'testdb', stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

type MemoryServer = { getUri(): string; stop(): Promise<boolean> };
type MemoryServerModule = { MongoMemoryServer: { create(): Promise<MemoryServer> } };

async function startMemoryServer(): Promise<TestServer | undefined> {
  let module: MemoryServerModule;
  try {
    // Optional, not a dependency: only where someone installed it (its MongoDB download needs the internet).
    module = require('mongodb-memory-server') as MemoryServerModule;
  } catch {
    return undefined;
  }
  const starting = module.MongoMemoryServer.create();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`MongoDB was not downloaded and started within ${MEMORY_SERVER_TIMEOUT_MS / 1000} s`)), MEMORY_SERVER_TIMEOUT_MS);
  });
  try {
    const server = await Promise.race([starting, timeout]);
    return { uri: server.getUri(), kind: 'mongodb-memory-server', source: 'mongodb-memory-server', stop: async () => void (await server.stop()) };
  } catch (error) {
    // Should it start after all, it is stopped rather than left behind.
    starting.then((late) => late.stop()).catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function reason(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim();
  // The script's last lines say what went wrong; its progress before them does not.
  const text = stderr ? stderr.split('\n').slice(-8).join('\n') : (error as Error).message || String(error);
  return text.replace(/\s+/g, ' ').trim();
}

export async function startTestServer(): Promise<TestServer> {
  const given = process.env.MONGODB_URI;
  if (given) return { uri: given, kind: 'MONGODB_URI', source: 'MONGODB_URI', stop: async () => undefined };

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
  const unavailable = await testDbUnavailable();
  if (unavailable) {
    tried.push(`FerretDB 2 (scripts/testdb.sh): ${unavailable}`);
  } else {
    try {
      return await startTestDb();
    } catch (error) {
      tried.push(`FerretDB 2 (scripts/testdb.sh): ${reason(error)}`);
    }
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
      '  - MONGODB_URI: point it at a MongoDB 6.0+ server, e.g. MONGODB_URI=mongodb://127.0.0.1:27017/ npm test;\n' +
      '  - mongod: put the mongod of MongoDB 6.0+ on PATH;\n' +
      '  - FerretDB 2: on Debian 12 with Go 1.25+, build it once as root with `sudo bash scripts/testdb.sh build`\n' +
      '    (several minutes; needs the pinned sources in ../shared/testdb/src or AMPARO_TESTDB_SOURCES);\n' +
      '  - mongodb-memory-server: `npm install --no-save mongodb-memory-server` where MongoDB can be downloaded.',
  );
}
