// Shared by the console tests: a real app (engine, SQLite, demo form), the console on it, and a signed-in coordinator.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '../src/app/build-engine.js';
import { consoleApp } from '../src/console/server.js';
import type { Outbound } from '../src/engine/ports.js';
import { Outbox, type OutboxMessage } from '../src/outbox/outbox.js';
import { FakeOutbox, openApp, Person, TestClock } from './campaign-fixture.js';

/**
 * The real SQLite outbox (its rows are what the console's delivery column reads), never sending on its own: a test
 * sends with `drain()`, through `sender` (delivered by default), and still sees what was enqueued in `sent`.
 */
export class RecordingOutbox extends FakeOutbox {
  readonly real: Outbox;
  /** What the channel does with each message; throw to make a send fail (its message is the error). */
  sender: (m: OutboxMessage) => Promise<void> = async () => {};
  readonly delivered: OutboxMessage[] = [];
  /** How far the outbox's own clock runs ahead of the test's (drain with retries waits out the backoff). */
  private skew = 0;

  constructor(app: App, clock: TestClock) {
    // The real outbox keeps the keys: the record below takes what it accepted.
    super(false);
    this.real = new Outbox({
      rows: app.tables.outbox,
      send: async (m) => {
        await this.sender(m);
        this.delivered.push(m);
      },
      intervalMs: 0,
      jitterMs: 0,
      backoffMs: 1000,
      maxAttempts: 3,
      clock: () => clock.now.getTime() + this.skew,
      sleep: async () => {},
    });
  }

  override enqueue(to: string, items: Outbound[], opts: { key?: string; at?: Date } = {}): boolean {
    if (!this.real.enqueue(to, items, opts)) return false;
    return super.enqueue(to, items, opts);
  }

  /**
   * Sends everything due now; with `retries`, also waits out each retry's backoff (the outbox's clock only) until a
   * failing message is parked.
   */
  async drain(opts: { retries?: boolean } = {}): Promise<void> {
    try {
      for (let i = 0; i < 200; i++) {
        if ((await this.real.sendNext()) !== 'idle') continue;
        if (!opts.retries || (await this.real.counts()).queued === 0) return;
        this.skew += 3600_000;
      }
    } finally {
      this.skew = 0;
    }
  }
}

import { cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';

/** Mon 30 Nov 2026, 09:05 in Shanghai. */
export const MONDAY = '2026-11-30T01:05:00Z';

/** The demo form filled and submitted: 99.5 points (满意度 95% of 10). */
export const FULL_FORM = ['开始', '好', '100', '100', '95%', '0起', '稳定', '95%', '确认'];

export function consoleHarness() {
  const keep = closeAfterEach();
  /** ownFlows: the app reads a private copy of the fixture forms, so a test may publish into it. */
  return (opts: { ownFlows?: boolean } = {}) => {
    const dir = keep(tempDir('tianbao-console-'), cleanup);
    const clock = new TestClock(new Date(MONDAY));
    const flowsDir = opts.ownFlows ? join(dir, 'flows') : undefined;
    if (flowsDir) cpSync(FIXTURE_FLOWS, flowsDir, { recursive: true });
    const app: App = keep(openApp(dir, clock, flowsDir), (a) => a.close());
    const outbox = new RecordingOutbox(app, clock);
    const reportsDir = join(dir, 'reports');
    const { app: web, auth } = consoleApp({ app, outbox, reportsDir, flowsDir, clock: clock.fn });
    const person = (name: string) => new Person(app, name, clock);

    /** Signs in through a fresh link; returns a fetch bound to the session cookie, and the page's CSRF token. */
    async function signIn() {
      const res = await web.request('/signin', { method: 'POST', body: form({ token: await auth.issueLink() }) });
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
      const get = async (path: string, init: RequestInit = {}): Promise<Response> =>
        web.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
      const page = await (await get('/campaigns')).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
      const post = (path: string, fields: Record<string, string | string[]>) =>
        get(path, { method: 'POST', body: form({ _csrf: csrf, ...fields }) });
      return { res, cookie, get, post, csrf };
    }
    return { dir, clock, app, outbox, web, auth, person, signIn, reportsDir, flowsDir };
  };
}

export function form(fields: Record<string, string | string[]>): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) p.append(k, x);
  return p;
}

/** The text of an HTML page without tags, spaces collapsed: what a person reads. */
export function visible(page: string): string {
  return page
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
