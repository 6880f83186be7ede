import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Application, type NextFunction, type Request, type Response } from 'express';

/**
 * The one HTTP server: health and readiness for orchestrators, metrics for monitoring, and
 * the platform adapters' routes (Slack `/slack/events`, Teams `/api/messages`) mounted on it.
 */
export interface HttpOptions {
  /** Resolves true when Amparo can serve requests (the store answers, the platforms are connected). */
  ready: () => Promise<boolean>;
  metrics: () => string;
}

/**
 * Errors that reach Express (a body too large, malformed JSON) are answered with their status
 * and a word, never with the stack trace Express would show outside production.
 */
export function finishWithErrorHandler(app: Application): void {
  app.use((error: { status?: number; statusCode?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const status = error.status ?? error.statusCode ?? 500;
    res.status(status >= 400 && status < 600 ? status : 500).type('text/plain').send(status === 413 ? 'payload too large\n' : 'bad request\n');
  });
}

export function createHttpApp(options: HttpOptions): Application {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.type('text/plain').set('cache-control', 'no-store').send('ok\n');
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await options.ready().catch(() => false);
    res.status(ready ? 200 : 503).type('text/plain').set('cache-control', 'no-store').send(ready ? 'ready\n' : 'not ready\n');
  });
  app.get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4').send(options.metrics());
  });
  return app;
}

export async function listen(app: Application, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}

export async function close(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
