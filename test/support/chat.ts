import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';
import { type App, buildApp } from '../../src/app/build-engine.js';
import type { Outbound } from '../../src/engine/ports.js';

export const FIXTURE_FLOWS = resolve(import.meta.dirname, '../fixtures/flows');
export const SEED_FLOWS = resolve(import.meta.dirname, '../../flows');

export function tempDir(prefix = 'tianbao-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A scripted chat against the real engine and a file-backed SQLite store — the test transport:
 * messages go in, replies and files come out, no WeChat involved.
 */
export class ChatScript {
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
    this.app = buildApp({ dataDir, flowsDir }, opts);
  }

  /** Sends one message and returns the text replies joined (files are collected in `files`). */
  async say(text: string, opts: { id?: string; user?: string } = {}): Promise<string> {
    const out = await this.app.engine.handle({
      id: opts.id ?? `m-${this.user}-${++this.n}-${Date.now()}`,
      user: opts.user ?? this.user,
      text,
    });
    const texts = out.filter((o) => o.kind === 'text').map((o) => (o as { text: string }).text);
    this.files.push(...out.filter((o) => o.kind === 'file'));
    this.transcript.push(`> ${text}`, ...texts);
    return texts.join('\n');
  }

  close(): void {
    this.app.close();
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
