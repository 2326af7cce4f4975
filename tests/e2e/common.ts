import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { setTranslator } from '../../utils/i18n';
import { tableTranslator } from '../../utils/i18n/tables';

// What the real-browser tier needs whatever the browser: fixtures, the built extension's folder,
// where screenshots go, and a local HTTP server for policies.

// The harnesses unwrap the extension's replies with the extension's own code, which speaks through
// t(): here in English.
setTranslator(tableTranslator('en'));

export const ROOT = path.resolve(import.meta.dirname, '../..');
const OUTPUT_DIR = path.join(ROOT, 'test-output');

/** The unpacked build for one browser (`npm run build` / `build:firefox`). */
export function buildDir(target: 'chrome-mv3' | 'firefox-mv3'): string {
  return path.resolve(ROOT, process.env.MIR_OUT_DIR ?? '.output', target);
}

export function fixture(relative: string): string {
  return readFileSync(path.join(ROOT, 'tests/fixtures', relative), 'utf8');
}

/**
 * A Gmail or Outlook fixture whose Reply (and Compose / New mail) buttons open compose windows as the
 * app's do, with the behaviour from that folder's inline-reply.js.
 */
export function withInlineReply(relative: string): string {
  const script = fixture(`${path.dirname(relative)}/inline-reply.js`);
  return fixture(relative).replace('</body>', `<script>${script}</script></body>`);
}

/** A Gmail thread fixture whose Reply buttons open an inline reply, as Gmail's do. */
export function gmailThreadWithInlineReply(relative = 'gmail/thread.html'): string {
  return withInlineReply(relative);
}

export function screenshotPath(name: string): string {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  return path.join(OUTPUT_DIR, name);
}

export interface LocalServer {
  url: string;
  /** Replaces how the server answers; by default 404. */
  handle(fn: (req: IncomingMessage, res: ServerResponse) => void): void;
  requests: string[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 (an allowed policy origin) for policy sync tests. */
export async function startLocalServer(): Promise<LocalServer> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(404).end();
  };
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('server did not start');
  return {
    url: `http://127.0.0.1:${address.port}`,
    handle(fn) {
      handler = fn;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
