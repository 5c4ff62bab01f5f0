import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe } from 'vitest';
import { type App, buildApp } from '../../src/app/build-engine.js';
import type { Engine } from '../../src/engine/engine.js';
import type { DirFlowCatalog } from '../../src/engine/flow-catalog.js';
import type { Outbound, Store } from '../../src/engine/ports.js';
import { describePg, throwawayDatabases } from './postgres.js';

export const FIXTURE_FLOWS = resolve(import.meta.dirname, '../fixtures/flows');
export const SEED_FLOWS = resolve(import.meta.dirname, '../../flows');

export function tempDir(prefix = 'tianbao-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The database the chats of the running test use: undefined = SQLite in the data dir (see forEachBackend). */
let databaseUrl: string | undefined;

export type Backend = 'SQLite' | 'PostgreSQL';

const schemaUrl = (url: string, dataDir: string) => {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=d_${createHash('sha1').update(dataDir).digest('hex').slice(0, 12)}`);
  return u.toString();
};

/**
 * Opens the chats made from now on on this PostgreSQL database (undefined: SQLite again): for a suite that builds
 * its chat once in `beforeAll`, where forEachBackend's per-test database comes too late.
 *
 * @example
 * beforeAll(async () => { useChatDatabase(await dbs.fresh()); chat = new ChatScript(dataDir); });
 */
export function useChatDatabase(url: string | undefined): void {
  databaseUrl = url;
}

/**
 * The database URL a chat on `dataDir` uses in the running test, or undefined on SQLite: for a process spawned on
 * the same data, or a statement a test runs on the tables itself.
 *
 * @example spawn(node, [bin, 'chat'], { env: { TIANBAO_DATABASE_URL: chatDatabaseUrl(dataDir) } })
 */
export function chatDatabaseUrl(dataDir: string): string | undefined {
  return databaseUrl ? schemaUrl(databaseUrl, dataDir) : undefined;
}

/**
 * Runs a suite on both backends: as it is (SQLite in each chat's data dir), and on PostgreSQL with a throw-away
 * database per test (skipped, saying why, where no server is reachable). Chats opened inside see the backend;
 * they reach the store through `chat.store` (the Store port: `await` its reads).
 *
 * @example
 * forEachBackend('a person fills the demo form', (backend) => { it('…', async () => { const chat = open(tempDir()); … }); });
 */
export function forEachBackend(title: string, fn: (backend: Backend) => void): void {
  describe(`${title} [SQLite]`, () => fn('SQLite'));
  describePg(`${title} [PostgreSQL]`, () => {
    const dbs = throwawayDatabases('tbchat');
    beforeEach(async () => {
      databaseUrl = await dbs.fresh();
    });
    afterEach(() => {
      databaseUrl = undefined;
    });
    fn('PostgreSQL');
  });
}

/**
 * A scripted chat against the real engine and a file-backed store — the test transport: messages go in, replies
 * and files come out, no WeChat involved. SQLite in `dataDir`, or PostgreSQL inside forEachBackend.
 */
export class ChatScript {
  /** The whole app: on PostgreSQL too (its `sqlite` is then undefined). */
  readonly app: App;
  readonly files: Outbound[] = [];
  readonly transcript: string[] = [];
  private n = 0;

  constructor(
    readonly dataDir: string,
    readonly flowsDir = FIXTURE_FLOWS,
    readonly user = '张三',
    opts: Parameters<typeof buildApp>[1] = {},
  ) {
    // Each data dir its own schema of the test's database: two chats on two data dirs are two databases, as on SQLite.
    this.app = buildApp(
      { dataDir, flowsDir, ...(databaseUrl ? { databaseUrl: schemaUrl(databaseUrl, dataDir) } : {}) },
      opts,
    );
  }

  get engine(): Engine {
    return this.app.engine;
  }

  /** The conversation's store on either backend (await its reads). */
  get store(): Store {
    return this.app.store;
  }

  get catalog(): DirFlowCatalog {
    return this.app.catalog;
  }

  get backend(): Backend {
    return this.app.kind === 'postgres' ? 'PostgreSQL' : 'SQLite';
  }

  /** Sends one message and returns the text replies joined (files are collected in `files`). */
  async say(text: string, opts: { id?: string; user?: string } = {}): Promise<string> {
    const out = await this.engine.handle({
      id: opts.id ?? `m-${this.user}-${++this.n}-${Date.now()}`,
      user: opts.user ?? this.user,
      text,
    });
    const texts = out.filter((o) => o.kind === 'text').map((o) => (o as { text: string }).text);
    this.files.push(...out.filter((o) => o.kind === 'file'));
    this.transcript.push(`> ${text}`, ...texts);
    return texts.join('\n');
  }

  /** Closes the app (PostgreSQL: its pool, awaited so the throw-away database can be dropped). */
  async close(): Promise<void> {
    await this.app.close();
  }
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * What a test opens (apps, runtimes, bots, temp dirs) is closed after it, last opened first:
 * `const keep = closeAfterEach(); const dir = keep(tempDir(), cleanup);`.
 */
export function closeAfterEach(): <T>(thing: T, close: (thing: T) => unknown) => T {
  let stack: Array<() => unknown> = [];
  afterEach(async () => {
    const todo = stack.reverse();
    stack = [];
    for (const close of todo)
      await Promise.resolve()
        .then(close)
        .catch(() => {});
  });
  return (thing, close) => {
    stack.push(() => close(thing));
    return thing;
  };
}
