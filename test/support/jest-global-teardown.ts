import type { TestServer } from './mongo-server';

/** Stops the server that the global setup started (jest runs both in the same process). */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { amparoTestServer?: TestServer };
  const server = holder.amparoTestServer;
  delete holder.amparoTestServer;
  await server?.stop();
}
