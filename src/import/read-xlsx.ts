import type ExcelJS from 'exceljs';
import { type Cell, type Grid, type SourceDoc, squareUp } from './grid.js';
import { ReadError } from './read-docx.js';
import { cleanText } from './text.js';

/** Most a sheet may hold; bigger sheets are not forms (a 5,000-row table is refused by the interpreter anyway). */
const MAX_CELLS = 200_000;

/** Every worksheet becomes one grid; merged ranges are resolved to their master cell's text. */
export async function readXlsx(data: Buffer): Promise<SourceDoc> {
  // Loaded only for a file that passed the checks: a refusal never pays for exceljs.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const tables: Grid[] = [];
  for (const ws of wb.worksheets) {
    const height = ws.rowCount;
    const width = ws.columnCount;
    if (height * width > MAX_CELLS)
      throw new ReadError(`工作表「${ws.name}」有 ${height} 行 × ${width} 列，太大，不像一张绩效表`);
    const rows: Cell[][] = [];
    for (let r = 1; r <= height; r++) {
      const row: Cell[] = [];
      for (let c = 1; c <= width; c++) {
        const cell = ws.getCell(r, c);
        const master = cell.isMerged ? cell.master : cell;
        const text = cleanText(textOf(master));
        if (master === cell || (master.row === cell.row && master.col === cell.col)) row.push({ text });
        else row.push({ text, from: Number(master.col) < Number(cell.col) ? 'left' : 'above' });
      }
      rows.push(row);
    }
    tables.push({ name: `工作表「${ws.name}」`, rows: squareUp(rows) });
  }
  return { tables, paragraphs: [] };
}

/** A cell as shown: percentages formatted as such (0.95 with a % format reads "95%"). */
function textOf(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (typeof v === 'number' && /%/.test(cell.numFmt ?? '')) return `${Math.round(v * 10000) / 100}%`;
  if (v && typeof v === 'object' && 'result' in v && v.result !== undefined) return String(v.result);
  return cell.text ?? '';
}
