import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importForm } from '../src/import/import-form.js';
import { type PendingFlow, PendingImports } from '../src/import/pending-imports.js';
import { hecheng } from './fixtures/import/seed-forms.js';
import { writeDocx } from './fixtures/import/write-form.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';

const keep = closeAfterEach();
const DAY = 24 * 3_600_000;

async function imported(dir: string): Promise<PendingFlow[]> {
  const file = join(dir, 'hecheng.docx');
  await writeDocx(hecheng, file);
  const r = await importForm(file);
  if (!r.ok) throw new Error(r.reason);
  return r.flows;
}

describe('an import waiting for 「发布」 survives a restart of the bot', () => {
  it('is read back by the next process, checked again, and gone once answered', async () => {
    const dir = keep(tempDir('tianbao-pending-'), cleanup);
    const pendingDir = join(dir, 'pending');
    const flows = await imported(dir);
    expect(new PendingImports(pendingDir).set('管理员', flows)).toBe(true);

    const afterRestart = new PendingImports(pendingDir);
    expect(afterRestart.get('管理员')?.map((f) => [f.id, f.flow.title, f.yaml])).toEqual(
      flows.map((f) => [f.id, f.flow.title, f.yaml]),
    );
    expect(afterRestart.get('王科长')).toBeUndefined();
    afterRestart.delete('管理员');
    expect(readdirSync(pendingDir)).toEqual([]);
    expect(new PendingImports(pendingDir).get('管理员')).toBeUndefined();
  });

  it('a damaged, other-version or week-old pending file is forgotten (the admin sends the form again)', async () => {
    const dir = keep(tempDir('tianbao-pending-'), cleanup);
    const pendingDir = join(dir, 'pending');
    const flows = await imported(dir);
    let now = Date.parse('2026-03-01T08:00:00Z');
    const clock = () => now;
    new PendingImports(pendingDir, clock).set('管理员', flows);
    const [file] = readdirSync(pendingDir);
    const path = join(pendingDir, file as string);
    const good = readFileSync(path, 'utf8');

    writeFileSync(path, good.slice(0, 40));
    expect(new PendingImports(pendingDir, clock).get('管理员')).toBeUndefined();
    expect(existsSync(path)).toBe(false);

    writeFileSync(path, good.replace('"v":1', '"v":2'));
    expect(new PendingImports(pendingDir, clock).get('管理员')).toBeUndefined();

    writeFileSync(path, good);
    now += 8 * DAY;
    expect(new PendingImports(pendingDir, clock).get('管理员')).toBeUndefined();
  });

  it('without a directory it is kept in memory and says so', async () => {
    const dir = keep(tempDir('tianbao-pending-'), cleanup);
    const pending = new PendingImports();
    expect(pending.set('管理员', await imported(dir))).toBe(false);
    expect(pending.get('管理员')).toHaveLength(1);
  });
});
