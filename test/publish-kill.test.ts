import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlowsDir } from '../src/flows/read-flows.js';
import { PendingImports } from '../src/import/pending-imports.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';

// Issue 21, item 8: kill -9 during an import's 「发布」 never leaves half a file, nor one form of a two-form
// import without the other, and never loses the import: it is published, or still waiting for 「发布」.
const keep = closeAfterEach();
const CHILD = resolve(import.meta.dirname, 'publish-kill-child.ts');

/** Runs the child; it kills itself with SIGKILL before the k-th disk write of its second 「发布」. */
function publishAndDie(flowsDir: string, pendingDir: string, k: number) {
  return new Promise<{ killed: boolean; before: number }>((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, flowsDir, pendingDir, String(k)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', fail);
    child.on('close', (code, signal) => {
      const before = Number(/published (\d+)/.exec(out)?.[1]);
      if (signal === 'SIGKILL' && before) done({ killed: true, before });
      else if (code === 0 && out.includes('survived')) done({ killed: false, before });
      else fail(new Error(`the child failed (${code ?? signal}): ${err}`));
    });
  });
}

describe('kill -9 in the middle of 「发布」', () => {
  it('at every write of a publish: both forms at one version, or neither, and the import published or still waiting', async () => {
    const dir = keep(tempDir('tianbao-publish-kill-'), cleanup);
    const flowsDir = join(dir, 'flows');
    const pendingDir = join(dir, 'pending');
    mkdirSync(flowsDir);
    let kills = 0;
    for (let k = 1; k < 40; k++) {
      const run = await publishAndDie(flowsDir, pendingDir, k);
      // What the bot reads at its next start.
      const set = loadFlowsDir(flowsDir);
      expect(set.errors).toEqual([]);
      const byId = new Map(set.flows.map((f) => [f.id, f.version]));
      expect([...byId.keys()].sort()).toEqual(['kill-a', 'kill-b']);
      expect(byId.get('kill-a')).toBe(byId.get('kill-b'));
      // Only the two forms are visible; temporary files are hidden from the catalog.
      expect(readdirSync(flowsDir).filter((n) => !n.startsWith('.'))).toEqual(['kill-a.yaml', 'kill-b.yaml']);
      const published = byId.get('kill-a') === run.before + 1;
      expect(byId.get('kill-a')).toBe(published ? run.before + 1 : run.before);
      // Nothing is lost: not published yet means the import still waits for 「发布」.
      if (!published) expect(new PendingImports(pendingDir).get('管理员')).toBeDefined();
      if (!run.killed) break;
      kills++;
    }
    // Every step of a publish was a crash point (pending import, two files, their journal, the renames).
    expect(kills).toBeGreaterThanOrEqual(5);
  }, 180_000);
});
