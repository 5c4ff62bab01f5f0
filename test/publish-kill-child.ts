// A process that publishes a two-form import by chat (「发布」) and is killed with SIGKILL (kill -9) just before
// its k-th write to the disk during a second 「发布」: every step of a publish is a place to crash
// (test/publish-kill.test.ts). Usage: node --import tsx test/publish-kill-child.ts <flows dir> <pending dir> <k>
// Prints "published <version>" after the first 「发布」, and "survived" when the second one had fewer than k writes.
import fs, { readFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';

const [flowsDir, pendingDir, k] = process.argv.slice(2) as [string, string, string];
const killAt = Number(k);
let counting = false;
let writes = 0;
// Every call that changes what is on the disk; named imports of node:fs see the wrapped ones after the sync.
const fsAny = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const name of ['writeFileSync', 'renameSync', 'rmSync', 'unlinkSync', 'rmdirSync']) {
  const original = fsAny[name] as (...args: unknown[]) => unknown;
  fsAny[name] = (...args: unknown[]) => {
    if (counting && ++writes === killAt) process.kill(process.pid, 'SIGKILL');
    return original(...args);
  };
}
syncBuiltinESMExports();

const { loadFlowText } = await import('../src/core/flow/load.js');
const { ChatImport } = await import('../src/import/chat-import.js');
const { PendingImports } = await import('../src/import/pending-imports.js');

const demo = readFileSync(join(import.meta.dirname, 'fixtures/flows/demo.yaml'), 'utf8');
const flows = ['kill-a', 'kill-b'].map((id) => {
  const yaml = demo.replace(/^id: demo$/m, `id: ${id}`);
  const r = loadFlowText(yaml, `${id}.yaml`);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return { id, yaml, flow: r.flow };
});
const importer = new ChatImport({ isAdmin: () => true, flowsDir, pendingDir, reload: () => {} });
const waiting = new PendingImports(pendingDir);

async function publish(): Promise<void> {
  const out = await importer.handleText('管理员', '发布');
  if (!out) throw new Error('「发布」 found no waiting import');
}

waiting.set('管理员', flows);
await publish();
const version = /^version: (\d+)$/m.exec(readFileSync(join(flowsDir, 'kill-a.yaml'), 'utf8'))?.[1];
process.stdout.write(`published ${version}\n`);
waiting.set('管理员', flows);
counting = true;
await publish();
process.stdout.write('survived\n');
