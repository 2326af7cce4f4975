import { serverUrlProblem } from '../utils/server-url';
import { errorText } from '../utils/error-text';

// What IT's tools (`ledger:setup`, `ledger:snapshot`) share: the database URL with the admin's
// credentials, requests with them, and what a refusal says.

export class SetupError extends Error {}

export interface Target {
  /** The database URL without credentials. */
  url: string;
  authorization: string;
}

export function targetOf(databaseUrl: string): Target {
  const problem = serverUrlProblem(databaseUrl, 'database');
  if (problem) throw new SetupError(problem);
  const url = new URL(databaseUrl.trim());
  if (!url.username) throw new SetupError('The database URL needs the admin credentials: https://admin:password@host/db');
  const name = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const clean = url.href.replace(/\/+$/, '');
  if (new URL(clean).pathname === '/') throw new SetupError('The database URL must name the database: https://host/make-it-right');
  return { url: clean, authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` };
}

export async function call(target: Target, path: string, init: RequestInit = {}): Promise<Response> {
  const url = path ? `${target.url}/${path}` : target.url;
  try {
    return await fetch(url, {
      ...init,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: target.authorization },
    });
  } catch (error) {
    throw new SetupError(`Could not reach ${target.url}: ${errorText(error)}`);
  }
}

export async function expectOk(response: Response, what: string): Promise<void> {
  if (response.ok) return;
  if (response.status === 401 || response.status === 403) {
    throw new SetupError(`${what}: the server refused the admin credentials (HTTP ${response.status})`);
  }
  throw new SetupError(`${what}: HTTP ${response.status} ${await response.text()}`);
}

export async function ensureDatabase(target: Target): Promise<string> {
  const existing = await call(target, '');
  if (existing.ok) return 'database exists';
  if (existing.status !== 404) await expectOk(existing, 'Reading the database');
  const created = await call(target, '', { method: 'PUT' });
  // 412: someone created it in between, which is just as good.
  if (created.status === 412) return 'database exists';
  await expectOk(created, 'Creating the database');
  return 'database created';
}

/** Writes a design document unless it holds this already; 'written', 'updated' or 'unchanged'. */
export async function writeDesign<T extends { _id: string; _rev?: string }>(
  target: Target,
  doc: T,
  same: (previous: T) => boolean,
  what: string,
): Promise<'written' | 'updated' | 'unchanged'> {
  const current = await call(target, doc._id);
  let previous: T | null = null;
  if (current.ok) previous = (await current.json()) as T;
  else if (current.status !== 404) await expectOk(current, `Reading ${what}`);
  if (previous && same(previous)) return 'unchanged';
  const body = previous?._rev ? { ...doc, _rev: previous._rev } : doc;
  await expectOk(await call(target, doc._id, { method: 'PUT', body: JSON.stringify(body) }), `Writing ${what}`);
  return previous ? 'updated' : 'written';
}

/** Runs an admin command's work: prints what it did and returns 0, or prints why not and returns 1. */
export async function printed(work: () => Promise<string>): Promise<number> {
  try {
    console.log(await work());
    return 0;
  } catch (error) {
    if (error instanceof SetupError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}
