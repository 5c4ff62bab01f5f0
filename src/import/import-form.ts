import { basename } from 'node:path';
import { type BuildOptions, buildFlow, type ImportedFlow } from './build-flow.js';
import { readHeaderBlock } from './header-block.js';
import { readFormFile } from './read-file.js';
import { indicatorTables, MAX_ROWS, type SkippedRow, TooManyRows } from './rows.js';

export type ImportResult =
  | { ok: true; flows: ImportedFlow[]; skipped: (SkippedRow & { table: string })[]; format: string }
  | { ok: false; reason: string };

/** What the importer looks for, said when it finds nothing. */
export const LOOKED_FOR =
  '没有找到绩效指标表：需要一张表头含“一级指标/二级指标”“三级指标”和“指标值”（或“年度指标值、目标值、全年指标值”）或“分值”的表格';

/**
 * Reads a .docx/.xlsx/.doc/.xls form and turns each indicator table in it into a flow.
 * Never throws; nothing is written here (the caller decides).
 */
export async function importForm(path: string, options: BuildOptions = {}): Promise<ImportResult> {
  const opts = { file: basename(path), ...options };
  const read = await readFormFile(path);
  if (!read.ok) return read;
  const { doc } = read;
  const flows: ImportedFlow[] = [];
  const skipped: (SkippedRow & { table: string })[] = [];
  const problems: string[] = [];
  const seen: string[] = [];
  for (const grid of doc.tables) {
    let tables: ReturnType<typeof indicatorTables>;
    try {
      tables = indicatorTables(grid);
    } catch (e) {
      if (e instanceof TooManyRows)
        return { ok: false, reason: `${grid.name}的指标超过 ${MAX_ROWS} 行，不像一张绩效表，没有导入` };
      throw e;
    }
    for (const t of tables) {
      const near = grid.before ?? [];
      const earlier = doc.paragraphs.slice(0, Math.max(0, (grid.paraIndex ?? 0) - near.length));
      const head = readHeaderBlock(doc, grid, t, [...near].reverse().concat([...earlier].reverse()));
      const n = flows.length + 1;
      const built = buildFlow(t, head, { ...opts, id: opts.id && n > 1 ? `${opts.id}-${n}` : opts.id });
      if (!built.ok) {
        problems.push(built.reason);
        continue;
      }
      let f = built.value;
      // Two tables of one document with the same 项目 get distinct ids.
      if (seen.includes(f.id)) {
        const again = buildFlow(t, head, { ...opts, id: `${f.id}-${n}` });
        if (!again.ok) continue;
        f = again.value;
      }
      seen.push(f.id);
      flows.push(f);
      for (const s of t.skipped) skipped.push({ ...s, table: grid.name });
    }
  }
  if (!flows.length) return { ok: false, reason: problems[0] ?? LOOKED_FOR };
  return { ok: true, flows, skipped, format: read.format };
}
