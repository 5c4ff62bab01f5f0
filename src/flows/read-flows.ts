import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type LoadResult, loadFlowText, MAX_FLOW_BYTES } from '../core/flow/load.js';
import type { Flow } from '../core/flow/model.js';
import { finishPublishing } from './write-together.js';

// The file side of flows: core checks a flow's text (loadFlowText) and never touches the disk.

/** Reads one flow file; every problem is reported as `file: path: reason`. Never throws. */
export function loadFlowFile(path: string): LoadResult {
  const file = displayPath(path);
  let text: string;
  try {
    // Checked before reading, so a huge file is never pulled into memory.
    const size = statSync(path).size;
    if (size > MAX_FLOW_BYTES)
      return { ok: false, errors: [`${file}: 文件过大（${size} 字节，上限 ${MAX_FLOW_BYTES} 字节）`] };
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, errors: [`${file}: 无法读取文件（${(e as NodeJS.ErrnoException).code ?? String(e)}）`] };
  }
  return loadFlowText(text, file);
}

export interface FlowSet {
  flows: Flow[];
  /** Every problem, each line starting with its file. */
  errors: string[];
  /** The files that were skipped, each with its own problems. */
  skipped: { file: string; errors: string[] }[];
}

/** Loads every *.yaml in a directory; a bad file is reported and skipped, the others still load. */
export function loadFlowsDir(dir: string): FlowSet {
  // A publish a crash interrupted after it counted is completed first: never one form of an import without the others.
  finishPublishing(dir);
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => /\.ya?ml$/i.test(n))
      .sort();
  } catch {
    const errors = [`${displayPath(dir)}: 找不到表单目录`];
    return { flows: [], errors, skipped: [{ file: displayPath(dir), errors }] };
  }
  const flows: Flow[] = [];
  const skipped: FlowSet['skipped'] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const path = join(dir, name);
    const res = loadFlowFile(path);
    if (!res.ok) {
      skipped.push({ file: displayPath(path), errors: res.errors });
      continue;
    }
    const other = seen.get(res.flow.id);
    if (other) {
      skipped.push({
        file: displayPath(path),
        errors: [`${res.flow.file}: id: 表单 id "${res.flow.id}" 与 ${other} 重复`],
      });
      continue;
    }
    seen.set(res.flow.id, res.flow.file ?? name);
    flows.push(res.flow);
  }
  return { flows, errors: skipped.flatMap((s) => s.errors), skipped };
}

function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}
