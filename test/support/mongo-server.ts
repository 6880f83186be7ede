import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Finds a real MongoDB-wire server for the tests (DESIGN.md, "Tests"), in this order:
 * MONGODB_URI; a `mongod` on PATH; FerretDB 1.24 (built with Go if needed); the
 * mongodb-memory-server download where the internet is reachable. Never a mock.
 */
export interface TestServer {
  uri: string;
  kind: string;
  stop(): Promise<void>;
}

const FERRETDB_SCRIPT = join(__dirname, '..', '..', 'scripts', 'ferretdb.sh');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function onPath(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

async function startMongod(): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'amparo-mongod-'));
  const port = await freePort();
  const child = spawn('mongod', ['--dbpath', dir, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'], { stdio: 'ignore' });
  const uri = `mongodb://127.0.0.1:${port}/`;
  await waitForPort(port, () => child.exitCode !== null);
  return {
    uri,
    kind: 'mongod',
    stop: async () => {
      child.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, exited: () => boolean): Promise<void> {
  const { connect } = await import('node:net');
  for (let attempt = 0; attempt < 150; attempt++) {
    if (exited()) throw new Error('the server exited at start');
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`nothing listens on port ${port} after 30 s`);
}

async function startFerretDb(): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'amparo-ferretdb-'));
  const { stdout } = await run('bash', [FERRETDB_SCRIPT, 'start', dir], { maxBuffer: 1 << 20, timeout: 15 * 60 * 1000 });
  return {
    uri: stdout.trim(),
    kind: 'FerretDB 1.24 (SQLite backend)',
    stop: async () => {
      await run('bash', [FERRETDB_SCRIPT, 'stop', dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function startMemoryServer(): Promise<TestServer | undefined> {
  let module: { MongoMemoryServer: { create(): Promise<{ getUri(): string; stop(): Promise<boolean> }> } };
  try {
    // Optional: only present where someone installed it and its download can be reached.
    module = require('mongodb-memory-server') as typeof module;
  } catch {
    return undefined;
  }
  const server = await module.MongoMemoryServer.create();
  return { uri: server.getUri(), kind: 'mongodb-memory-server', stop: async () => void (await server.stop()) };
}

export async function startTestServer(): Promise<TestServer> {
  const given = process.env.MONGODB_URI;
  if (given) return { uri: given, kind: 'MONGODB_URI', stop: async () => undefined };
  const tried: string[] = [];
  if (await onPath('mongod')) return startMongod();
  tried.push('no mongod on PATH');
  try {
    return await startFerretDb();
  } catch (error) {
    tried.push(`FerretDB: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`);
  }
  const memory = await startMemoryServer().catch((error: Error) => {
    tried.push(`mongodb-memory-server: ${error.message}`);
    return undefined;
  });
  if (memory) return memory;
  throw new Error(
    `No MongoDB-wire server for the tests. Tried: ${tried.join('; ')}.\n` +
      'Fix one of: set MONGODB_URI to a MongoDB 6.0+ server; put mongod on PATH; install Go so that FerretDB 1.24 can be built (scripts/ferretdb.sh).',
  );
}
