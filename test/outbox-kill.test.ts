import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { Outbox } from '../src/outbox/outbox.js';
import { cleanup, tempDir } from './support/chat.js';
import { forEachTablesBackend } from './support/table-backends.js';

// Issue 24: two bot processes send from one outbox; one is killed (SIGKILL) in the middle of a send. Nothing is
// lost (the message it was sending is sent by the other once the dead one's lease runs out) and nothing is sent
// twice, and each person's messages keep their order.
function worker(db: string, owner: string, log: string, go: string, ms: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve('test/outbox-kill-worker.ts'), db, owner, log, go, String(ms)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const ready = new Promise<void>((r) => child.stdout?.once('data', () => r()));
  const done = new Promise<number | string>((r) => child.once('exit', (code, signal) => r(code ?? signal ?? -1)));
  return { child, ready, done };
}

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim());

forEachTablesBackend('two senders, one killed mid-send', (fresh) => {
  it('300 messages to 30 people: none lost, none twice, each person’s order kept', async () => {
    const db = await fresh();
    const conn = await db.connect();
    const box = new Outbox({ rows: conn.outbox, send: async () => {} });
    for (let i = 0; i < 300; i++) await box.enqueue(`同事${i % 30}`, [{ kind: 'text', text: `${Math.floor(i / 30)}` }]);
    const target = await db.url();
    await conn.close();

    const dir = tempDir('tianbao-kill-');
    try {
      const log = join(dir, 'sent.log');
      const go = join(dir, 'go');
      writeFileSync(log, '');
      writeFileSync(`${log}.begin`, '');
      const doomed = worker(target, 'p1', log, go, 40);
      const survivor = worker(target, 'p2', log, go, 5);
      await Promise.all([doomed.ready, survivor.ready]);
      writeFileSync(go, '');
      // Kill p1 while one of its sends has begun and not finished (it is "at WeChat").
      const cutOff = await midSend(doomed.child, log);
      expect(await doomed.done).toBe('SIGKILL');
      expect(await survivor.done).toBe(0);

      const sends = lines(log).map((l) => {
        const [id, to, text, by] = l.split(' ');
        return { id, to, text, by };
      });
      expect(sends).toHaveLength(300);
      expect(new Set(sends.map((s) => s.id)).size).toBe(300);
      // What p1 was sending when it died went out once, by p2.
      for (const id of cutOff) expect(sends.filter((s) => s.id === id).map((s) => s.by)).toEqual(['p2']);
      expect(cutOff.length).toBeGreaterThan(0);
      for (let who = 0; who < 30; who++)
        expect(sends.filter((s) => s.to === `同事${who}`).map((s) => s.text)).toEqual(
          Array.from({ length: 10 }, (_, k) => `${k}`),
        );
    } finally {
      cleanup(dir);
    }
  }, 120_000);
});

/** Waits until p1 has sent a few and has a send begun but not finished, kills it, and returns those ids. */
async function midSend(child: ChildProcess, log: string): Promise<string[]> {
  for (let n = 0; n < 3000; n++) {
    const done = new Set(lines(log).map((l) => l.split(' ')[0]));
    const mine = lines(`${log}.begin`)
      .map((l) => l.split(' '))
      .filter(([, , by]) => by === 'p1');
    const open = mine.map(([, id]) => id).filter((id) => !done.has(id));
    if (mine.length >= 10 && open.length) {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      // The ids begun by p1 and never finished by it: re-read, a send may have finished before the signal landed.
      const after = new Set(
        lines(log)
          .filter((l) => l.endsWith(' p1'))
          .map((l) => l.split(' ')[0]),
      );
      return mine.map(([, id]) => id).filter((id) => !after.has(id));
    }
    await new Promise((r) => setTimeout(r, 3));
  }
  throw new Error('p1 never began a send');
}
