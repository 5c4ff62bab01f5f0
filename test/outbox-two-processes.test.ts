import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { Outbox } from '../src/outbox/outbox.js';
import { SqliteOutboxRows } from '../src/store/sqlite/outbox-rows.js';
import { openDatabase } from '../src/store/sqlite-store.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';

// Issue 12, item 5, with real processes: two bots started on one data dir send every message exactly once.
const keep = closeAfterEach();

function worker(args: string[]): { ready: Promise<void>; done: Promise<number> } {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('test/outbox-worker.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((r) => child.stdout.once('data', () => r()));
  const done = new Promise<number>((r) => child.once('exit', (code) => r(code ?? -1)));
  return { ready, done };
}

it('two live processes on one data dir: 400 messages, 0 duplicates, each person’s order kept', async () => {
  const dir = tempDir('tianbao-2proc-');
  keep(dir, cleanup);
  const file = join(dir, 'tianbao.db');
  const db = openDatabase(file);
  const box = new Outbox({ rows: new SqliteOutboxRows(db), send: async () => {} });
  for (let i = 0; i < 400; i++) box.enqueue(`同事${i % 40}`, [{ kind: 'text', text: `${Math.floor(i / 40)}` }]);
  db.close();

  const log = join(dir, 'sent.log');
  const go = join(dir, 'go');
  writeFileSync(log, '');
  const first = worker([file, 'p1', log, go, '15']);
  await first.ready;
  writeFileSync(go, '');
  // The second process starts while the first is busy sending: it must not take over the first one's rows.
  while (readFileSync(log, 'utf8').split('\n').length < 30) await new Promise((r) => setTimeout(r, 10));
  const second = worker([file, 'p2', log, go, '3']);
  expect(await Promise.all([first.done, second.done])).toEqual([0, 0]);

  const lines = readFileSync(log, 'utf8').trim().split('\n');
  const sends = lines.map((l) => {
    const [id, to, text, by] = l.split(' ');
    return { id, to, text, by };
  });
  expect(sends).toHaveLength(400);
  expect(new Set(sends.map((s) => s.id)).size).toBe(400);
  for (let who = 0; who < 40; who++)
    expect(sends.filter((s) => s.to === `同事${who}`).map((s) => s.text)).toEqual(
      Array.from({ length: 10 }, (_, k) => `${k}`),
    );
}, 60_000);
