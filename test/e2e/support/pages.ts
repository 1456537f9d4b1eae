/** A tiny HTTP server on 127.0.0.1 for test pages: `serve({ '/path': html })`. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageServer {
  url(path: string): string;
  set(path: string, html: string): void;
  close(): Promise<void>;
}

export async function servePages(pages: Record<string, string> = {}): Promise<PageServer> {
  const routes = new Map(Object.entries(pages));
  const server: Server = createServer((req, res) => {
    const html = routes.get((req.url ?? '/').split('?')[0] ?? '/');
    if (html === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    set: (path, html) => void routes.set(path, html),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
