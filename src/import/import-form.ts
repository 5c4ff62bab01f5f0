import { basename } from 'node:path';
import { type BuildOptions, buildFlow, type ImportedFlow } from './build-flow.js';
import { headerColumns } from './columns.js';
import type { Grid } from './grid.js';
import { readHeaderBlock } from './header-block.js';
import { readFormFile } from './read-file.js';
import { type IndicatorTable, indicatorTables, MAX_ROWS, type SkippedRow, sameColumns, TooManyRows } from './rows.js';

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
  // First every table of the document, a table Word or WPS split at a page read as one.
  const tables: IndicatorTable[] = [];
  let open: IndicatorTable | undefined;
  for (const grid of doc.tables) {
    const carry = open && continues(open, grid) ? open : undefined;
    let found: IndicatorTable[];
    try {
      found = indicatorTables(grid, carry);
    } catch (e) {
      if (e instanceof TooManyRows)
        return { ok: false, reason: `${grid.name}的指标超过 ${MAX_ROWS} 行，不像一张绩效表，没有导入` };
      throw e;
    }
    tables.push(...found);
    const last = found.at(-1) ?? carry;
    open = last && !last.closed ? last : undefined;
  }
  // A 目标表 listing 长期 and 年度 indicators is filled in against the annual ones.
  const annual = tables.some((t) => t.term === 'annual');
  for (const t of tables) {
    if (annual && t.term === 'long') {
      skipped.push({
        line: t.headerRow + 1,
        table: t.grid.name,
        text: `${t.rows.length} 项长期绩效指标`,
        why: '长期（中期）绩效指标，自评按年度绩效指标',
      });
      continue;
    }
    const grid = t.grid;
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
    for (const s of t.skipped) skipped.push(s);
  }
  if (!flows.length) return { ok: false, reason: problems[0] ?? LOOKED_FOR };
  return { ok: true, flows, skipped, format: read.format };
}

/** Paragraphs that open a new table rather than continue one: its title, "单位：万元", a 项目名称 line. */
const NEW_TABLE_TEXT = /(表|表[(（].*[)）])$|项目名称|^\d+[.、．]\D|^(金额)?单位[:：]|年度[)）]?$/;

/**
 * Whether `grid` carries on `prev` (Word/WPS split the table at a page): nothing between them that
 * titles a new table (unless it says 续表), and its first row is either the same header again or an
 * indicator row of the same width with no header of its own anywhere above its rows.
 */
function continues(prev: IndicatorTable, grid: Grid): boolean {
  const between = grid.before ?? [];
  if (between.some((p) => NEW_TABLE_TEXT.test(p.trim()) && !/续/.test(p))) return false;
  const rows = grid.rows.filter((r) => r.some((c) => c.text));
  const first = rows[0];
  if (!first) return false;
  const header = headerColumns(first.map((c) => c.text));
  if (header) return sameColumns(prev.columns, header);
  if (rows.some((r) => headerColumns(r.map((c) => c.text)))) return false;
  return first.length === (prev.grid.rows[0]?.length ?? -1);
}
