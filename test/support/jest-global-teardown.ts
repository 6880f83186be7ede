import type { TestServer } from './mongo-server';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { amparoTestServer?: TestServer }).amparoTestServer?.stop();
}
