import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Application, type NextFunction, type Request, type Response } from 'express';
import type { Metrics } from '../metrics';
import { LOOPBACK_ADDRESS } from './trusted-hosts';

/**
 * The one HTTP server: health and readiness for orchestrators, metrics for monitoring, and
 * the platform adapters' routes (Slack `/slack/events`, Teams `/api/messages`) mounted on it.
 */
export interface HttpOptions {
  /** Resolves true when Amparo can serve requests (the store answers, the platforms are connected). */
  ready: () => Promise<boolean>;
  metrics: Metrics;
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
  // Every request is timed by route (the Slack acknowledgement above all), whatever answers it.
  app.use((req, res, next) => {
    const answered = options.metrics.request(req.path, req.method);
    res.once('finish', () => answered(res.statusCode));
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.type('text/plain').set('cache-control', 'no-store').send('ok\n');
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await options.ready().catch(() => false);
    res.status(ready ? 200 : 503).type('text/plain').set('cache-control', 'no-store').send(ready ? 'ready\n' : 'not ready\n');
  });
  app.get('/metrics', async (_req, res) => {
    res.type(options.metrics.contentType).set('cache-control', 'no-store').send(await options.metrics.text());
  });
  return app;
}

const LOCAL_ONLY = 'amparo local only';

/**
 * Asked by an adapter that serves without authentication (Teams emulation): the server then
 * listens on the loopback interface only, so that nobody on another machine can act as anyone.
 */
export function localOnly(app: Application): void {
  app.set(LOCAL_ONLY, true);
}

function isLocalOnly(app: Application): boolean {
  return app.get(LOCAL_ONLY) === true;
}

export async function listen(app: Application, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const listening = () => {
      server.off('error', reject);
      resolve();
    };
    if (isLocalOnly(app)) server.listen(port, LOOPBACK_ADDRESS, listening);
    else server.listen(port, listening);
  });
  return { server, port: (server.address() as AddressInfo).port };
}

export async function close(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
