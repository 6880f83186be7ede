import { MongoClient, type Document } from 'mongodb';
import { startTestServer, type TestServer } from './mongo-server';

/**
 * What the server says it is, from buildInfo. FerretDB 2 answers MongoDB's version ("7.0.77")
 * and, beside it, `ferretdb: { version: 'v2.7.0' }`; FerretDB 1 said `ferretdbVersion`.
 */
function serverName(info: Document): string {
  const ferretdb2 = (info.ferretdb as { version?: unknown } | undefined)?.version;
  if (typeof ferretdb2 === 'string') return `FerretDB ${ferretdb2}`;
  if (typeof info.ferretdbVersion === 'string') return `FerretDB ${info.ferretdbVersion}`;
  return `MongoDB ${info.version}`;
}

/** "FerretDB v2.7.0" or "MongoDB 7.0.14". Fails if the server does not answer. */
async function describeServer(uri: string): Promise<string> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    return serverName(await client.db('admin').command({ buildInfo: 1 }));
  } catch (error) {
    throw new Error(`the test database at ${hideCredentials(uri)} does not answer: ${(error as Error).message}`);
  } finally {
    await client.close();
  }
}

const hideCredentials = (uri: string) => uri.replace(/\/\/[^@/]*@/, '//');

/** "FerretDB v2.7.0 (PostgreSQL 15 + DocumentDB 0.107-0, scripts/testdb.sh)", "MongoDB 8.0.4 (MONGODB_URI)". */
function serverLine(server: TestServer, speaks: string): string {
  if (server.source === 'testdb') {
    const backend = / on (PostgreSQL .*)$/.exec(server.kind)?.[1] ?? 'PostgreSQL + DocumentDB';
    return `${speaks} (${backend}, scripts/testdb.sh)`;
  }
  const origin = server.source ?? server.kind;
  return speaks.startsWith('FerretDB v2') ? `${speaks} (PostgreSQL + DocumentDB; ${origin})` : `${speaks} (${origin})`;
}

/**
 * Starts (or finds) the real database once for the whole run. Its URI goes into the
 * environment, which jest's workers inherit; test/support/test-db.ts reads it from there.
 * With AMPARO_TEST_NO_MONGODB=1 a missing server is reported and the run goes on without it.
 */
export default async function globalSetup(): Promise<void> {
  let server: TestServer | undefined;
  let speaks: string;
  try {
    server = await startTestServer();
    speaks = await describeServer(server.uri);
  } catch (error) {
    await server?.stop();
    if (process.env.AMPARO_TEST_NO_MONGODB !== '1') throw error;
    process.stderr.write(`\n[amparo tests] no MongoDB-wire server (AMPARO_TEST_NO_MONGODB=1): ${(error as Error).message}\n`);
    return;
  }
  process.env.AMPARO_TEST_MONGODB_URI = server.uri;
  (globalThis as { amparoTestServer?: TestServer }).amparoTestServer = server;
  process.stderr.write(`\n[amparo tests] MongoDB-wire server: ${serverLine(server, speaks)} at ${hideCredentials(server.uri)}\n`);
}
