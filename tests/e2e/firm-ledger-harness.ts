import { readFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startLedgerServer, type LedgerServer } from '../../scripts/ledger-server';
import { setUpLedger } from '../../scripts/ledger-setup';
import { parsePolicyText } from '../../utils/policy/parse';
import { ROOT, allowSiteInExtensionSettings, callBackground, launchExtension, openOptions, type ExtensionSession } from './harness';

// Two people of one firm, each in a Chromium profile of their own, on one firm ledger: the ledger
// server of scripts/ledger-server.ts (Apache CouchDB on 127.0.0.1) prepared by `ledger:setup`, each
// person signed in from their options page as a user would.

export const PASSWORD = 'correct horse battery staple';
export const ANA = 'ana.ruiz@harborpine.example';
export const CARLA = 'carla.meyer@harborpine.example';

export interface Person {
  email: string;
  session: ExtensionSession;
  /** The options page, open for the whole test (it keeps replication live, as an open page does). */
  options: Page;
}

/**
 * A TCP relay on 127.0.0.1 in front of the ledger server: the browsers talk to it, and `cut()` makes
 * the server unreachable for them (open connections dropped, new ones refused) until `restore()`.
 */
export interface Relay {
  origin: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startRelay(target: URL): Promise<Relay> {
  const sockets = new Set<Socket>();
  const make = () =>
    createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  let server: Server | null = make();
  const port = await listen(server, 0);
  const stop = async () => {
    const closing = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  return {
    origin: `http://127.0.0.1:${port}`,
    cut: stop,
    async restore() {
      if (server) return;
      server = make();
      await listen(server, port);
    },
    close: stop,
  };
}

export interface Firm {
  server: LedgerServer;
  relay: Relay;
  databaseUrl: string;
  policyText: string;
  people: Person[];
  close(): Promise<void>;
}

/** The example policy with the firm ledger at `databaseUrl` and each person's credit-note code. */
export function firmPolicy(databaseUrl: string, escalateAfterMinutes = 30, edit?: FirmOptions['editPolicy']): string {
  const policy = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/policy/example.json'), 'utf8')) as {
    staff: { email: string; code?: string }[];
    ledger?: unknown;
  };
  const codes: Record<string, string> = { [ANA]: 'AR', [CARLA]: 'CM', 'ben.okafor@harborpine.example': 'BO', 'dev.patel@harborpine.example': 'DP' };
  for (const member of policy.staff) member.code = codes[member.email];
  policy.ledger = { url: databaseUrl, escalateAfterMinutes };
  edit?.(policy);
  return JSON.stringify(policy);
}

/** The records the server holds for one incident, as its admin reads them. */
export async function recordsOnServer(firm: Firm, incidentId: string): Promise<{ _id: string; type: string; creditNoteNumber?: string }[]> {
  const range = `startkey=${encodeURIComponent(JSON.stringify(`${incidentId}/`))}&endkey=${encodeURIComponent(JSON.stringify(`${incidentId}/\uffff`))}`;
  const response = await firm.server.asAdmin(`${firm.server.databasePath('make-it-right')}/_all_docs?include_docs=true&${range}`);
  const body = (await response.json()) as { rows: { doc: { _id: string; type: string; creditNoteNumber?: string } }[] };
  return body.rows.map((r) => r.doc);
}

export async function signIn(person: Person, password = PASSWORD): Promise<void> {
  const { options } = person;
  await options.getByLabel('Ledger password').fill(password);
  await options.getByRole('button', { name: 'Sign in' }).click();
  await waitFor(() => options.getByTestId('ledger-status').textContent(), (t) => t === 'Connected', 'the ledger status', 30_000);
}

/** Polls `read` until `ok` holds (outside a test too, unlike expect.poll); fails with the last value. */
export async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what} was still ${JSON.stringify(last)} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface FirmOptions {
  /** The built extension (default: the test build). */
  extensionDir?: string;
  /** Fills the database before `ledger:setup` writes its rules (the benchmark's big ledgers). */
  beforeSetup?: (server: LedgerServer) => Promise<void>;
  /** Sign each person in (default); otherwise they stand at the Sign in button. */
  signIn?: boolean;
  /** Changes the firm's policy before anyone uses it (e.g. a firm without a manager). */
  editPolicy?: (policy: { staff: { email: string; code?: string }[] }) => void;
  /** Default true; the demo shows the browsers when it has a display. */
  headless?: boolean;
  /** A server already prepared (users, `ledger:setup`), left running at close: the bench's seeded ledgers. */
  server?: LedgerServer;
  /** Before the policy is imported, in the person's service worker (e.g. which first-sync path). */
  beforePolicy?: (session: ExtensionSession) => Promise<void>;
}

/** Starts the server, prepares the database, and one signed-in browser per email. */
export async function startFirm(emails: string[], setup: FirmOptions = {}): Promise<Firm> {
  const shared = setup.server;
  const server = shared ?? (await startLedgerServer());
  const stopServer = () => (shared ? Promise.resolve() : server.stop());
  const relay = await startRelay(new URL(server.origin));
  const people: Person[] = [];
  try {
    const databaseUrl = `${relay.origin}${server.databasePath('make-it-right')}`;
    const policyText = firmPolicy(databaseUrl, 30, setup.editPolicy);
    const parsed = parsePolicyText(policyText);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    if (!shared) {
      for (const email of emails) await server.addUser(email, PASSWORD);
      await setup.beforeSetup?.(server);
      await setUpLedger(server.databaseUrl('make-it-right', true), parsed.policy);
    }
    for (const email of emails) {
      const session = await launchExtension({
        ...(setup.extensionDir ? { extensionDir: setup.extensionDir } : {}),
        ...(setup.headless === false ? { headless: false } : {}),
      });
      // Sign in asks for the ledger's site; the person allows it (automation cannot click the prompt).
      await allowSiteInExtensionSettings(session, 'http://127.0.0.1/*');
      await setup.beforePolicy?.(session);
      const options = await openOptions(session);
      await callBackground(options, 'importPolicy', { text: policyText, fileName: 'policy.json' });
      await callBackground(options, 'setSettings', { selfEmail: email });
      await options.reload();
      const person = { email, session, options };
      people.push(person);
      if (setup.signIn !== false) await signIn(person);
    }
    return {
      server,
      relay,
      databaseUrl,
      policyText,
      people,
      async close() {
        for (const p of people) await p.session.close().catch(() => undefined);
        await relay.close();
        await stopServer();
      },
    };
  } catch (error) {
    for (const p of people) await p.session.close().catch(() => undefined);
    await relay.close();
    await stopServer();
    throw error;
  }
}
