import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { xlsxFiles as bombs } from '../test/fixtures/import/xlsx-bombs.js';

const CHILD = fileURLToPath(new URL('./import-child.ts', import.meta.url));

/**
 * Hostile .xlsx files (issue 21): for each, the time `tianbao import` takes to refuse it and the peak memory
 * of the process doing it, each in a fresh process so one file's garbage does not count for the next.
 */
export async function benchImport(log: (s: string) => void): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-import-bench-'));
  const figures: Record<string, number> = {};
  try {
    for (const [name, make] of Object.entries(bombs)) {
      const file = join(dir, `${name}.xlsx`);
      writeFileSync(file, await make());
      const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, file], { encoding: 'utf8' });
      const r = JSON.parse(out.trim().split('\n').pop() as string) as { code: number; ms: number; peakMb: number };
      log(`import ${name}: exit ${r.code} after ${r.ms} ms, peak ${r.peakMb} MB`);
      figures[`import_${name}_ms`] = r.ms;
      figures[`import_${name}_peak_mb`] = r.peakMb;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
