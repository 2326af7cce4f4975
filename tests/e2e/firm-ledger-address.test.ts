import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBackground } from './harness';
import { ANA, firmPolicy, recordsOnServer, signIn, startFirm, type Firm, type Person } from './firm-ledger-harness';
import { until } from './firm-suite';

// The ledger's address changes under a person signed in to the old one (a new policy, or IT's
// ledgerUrl): nothing — neither their password nor a record — goes to the new address until they
// sign in to it, and Sign in names the new host. The new address is a logging proxy in front of the
// same server, so what reaches it is seen.

interface LoggingProxy {
  origin: string;
  host: string;
  /** "METHOD path" of every request that reached it. */
  requests: string[];
  close(): Promise<void>;
}

async function startLoggingProxy(target: string): Promise<LoggingProxy> {
  const to = new URL(target);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const upstream = request(
      { host: to.hostname, port: Number(to.port), method: req.method, path: req.url, headers: { ...req.headers, host: to.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let firm: Firm;
let ana: Person;
let proxy: LoggingProxy;

beforeAll(async () => {
  firm = await startFirm([ANA]);
  ana = firm.people[0]!;
  proxy = await startLoggingProxy(firm.server.origin);
}, 180_000);

afterAll(async () => {
  await proxy?.close();
  await firm?.close();
});

const status = () => ana.options.getByTestId('ledger-status').textContent();

describe('the firm ledger moves', () => {
  it('asks the person to sign in to the new host, and sends it nothing until they do', async () => {
    const moved = JSON.parse(firmPolicy(`${proxy.origin}/make-it-right`)) as { policyVersion: string };
    moved.policyVersion = '2026-11-02';
    const imported = await callBackground(ana.options, 'importPolicy', { text: JSON.stringify(moved), fileName: 'policy.json' });
    expect(imported.lastError).toBeNull();
    await ana.options.reload();

    await until(status).toBe(
      `The firm ledger's address changed to ${proxy.host}: enter your ledger password and Sign in to it. Nothing goes to ${proxy.host} until you do.`,
    );
    await until(() => ana.options.getByRole('button', { name: `Sign in to ${proxy.host}` }).count()).toBe(1);

    // Ana goes on working meanwhile: kept here, sent nowhere.
    const incident = await callBackground(ana.options, 'startIncident', {
      client: { clientKey: 'lee.park@client.example', name: 'Lee Park', email: 'lee.park@client.example', source: { tool: 'manual', label: 'Manual' } },
      category: 'shipping-error',
      summary: 'Courier lost the papers',
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(proxy.requests).toEqual([]);
    expect(await recordsOnServer(firm, incident.id)).toEqual([]);

    // Signed in to the new host, her work goes there.
    await signIn(ana);
    expect(proxy.requests).toContain('POST /_session');
    await until(async () => (await recordsOnServer(firm, incident.id)).map((r) => r.type)).toContain('incident-opened');
  });
});
