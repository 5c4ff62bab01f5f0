import { statSync } from 'node:fs';
import type { Flow } from '../core/flow/model.js';
import { loadFlowFile, loadFlowsDir } from '../flows/read-flows.js';

/** `tianbao flows check [paths…]`: errors make it fail (exit 2); warnings are printed, not fatal. */
export async function runFlows(argv: string[]): Promise<number> {
  const [sub, ...paths] = argv;
  if (sub !== 'check' && sub !== 'list') {
    console.error('用法：tianbao flows check [目录或文件…] | tianbao flows list [目录]');
    return 2;
  }
  const targets = paths.length ? paths : [process.env.TIANBAO_FLOWS_DIR ?? 'flows'];
  const flows: Flow[] = [];
  const errors: string[] = [];
  for (const p of targets) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      errors.push(`${p}: 找不到文件或目录`);
      continue;
    }
    if (isDir) {
      const set = loadFlowsDir(p);
      flows.push(...set.flows);
      errors.push(...set.errors);
    } else {
      const r = loadFlowFile(p);
      if (r.ok) flows.push(r.flow);
      else errors.push(...r.errors);
    }
  }
  for (const f of flows) {
    const sum = f.indicators.reduce((s, i) => s + i.weight, 0);
    console.log(
      `✓ ${f.file}  ${f.id}  ${f.year ?? ''}${f.title}  ${f.indicators.length}项  分值合计${Math.round(sum * 100) / 100}`,
    );
    if (sub === 'check') for (const w of f.warnings) console.log(`  注意：${w}`);
  }
  for (const e of errors) console.error(`✗ ${e}`);
  return errors.length ? 2 : 0;
}
