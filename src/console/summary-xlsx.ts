// The 汇总 as an Excel workbook (exceljs), from the same rows the progress page shows. 汇总: one row per assignee
// with 预算数, 执行数, 执行率, each item's 得分, the total, grade, 提交时间 (a real date cell), version and review.
// 明细: one row per person and item with its 年度指标值, 实际值, 得分 and 偏差原因. A pair of sheets per form version
// when people filled different versions of the form. Frozen header and name column; printed landscape on A4 with
// the header repeated on every page.
import ExcelJS from 'exceljs';
import type { Campaign } from '../campaigns/model.js';
import { personLabel } from '../campaigns/people-list.js';
import { formatLocal, toWall } from '../campaigns/time.js';
import type { Flow } from '../core/flow/model.js';
import { itemNumbers } from '../core/flow/numbering.js';
import type { ItemScore, ScoreReport } from '../core/types.js';
import type { PersonView } from './campaign-view.js';
import { formLabel } from './form-label.js';
import { statusLabel } from './people.js';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFB9C3CF' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** People grouped by the form version they filled (a submitted version), else the campaign's current form. */
function groups(rows: PersonView[], current: Flow | undefined) {
  const out = new Map<string, { flow: Flow | undefined; rows: PersonView[] }>();
  for (const r of rows) {
    const flow = r.report && r.flow ? r.flow : current;
    const key = flow?.hash ?? '';
    const g = out.get(key) ?? { flow, rows: [] };
    g.rows.push(r);
    out.set(key, g);
  }
  // The current form first, then older versions, newest first.
  return [...out.values()].sort(
    (a, b) =>
      Number(b.flow?.hash === current?.hash) - Number(a.flow?.hash === current?.hash) ||
      (b.flow?.version ?? 0) - (a.flow?.version ?? 0),
  );
}

/** A sheet name Excel accepts (31 characters, none of []:*?/\), unique in the workbook. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, '·').slice(0, 28);
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}

/** A number field of the report as a number (万元 as typed), or undefined. */
function fieldNumber(report: ScoreReport | undefined, id: string | undefined): number | undefined {
  const f = id ? report?.fields.find((x) => x.id === id) : undefined;
  return f?.value?.kind === 'number' ? f.value.value : undefined;
}

/** An instant as the wall-clock time of the campaign's zone: Excel dates carry no zone. */
const excelDate = (iso: string, tz: string) => new Date(toWall(new Date(iso), tz));

export async function summaryWorkbook(
  c: Campaign,
  current: Flow | undefined,
  rows: PersonView[],
  now: Date,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '填报';
  wb.created = now;
  const taken = new Set<string>();
  const all = groups(rows, current);
  if (!all.length) all.push({ flow: current, rows: [] });
  for (const [i, g] of all.entries()) {
    // One form: 汇总 and 明细. Several versions: a pair per version, the current form first.
    const suffix = all.length === 1 ? '' : `-${i === 0 ? '现行' : '旧'}第${g.flow?.version ?? '?'}版`;
    summarySheet(wb, sheetName(`汇总${suffix}`, taken), c, g.flow, g.rows, now);
    detailSheet(wb, sheetName(`明细${suffix}`, taken), c, g.flow, g.rows, now);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A sheet with the title row, the header row below it frozen, printed landscape on A4 with the header repeated. */
function newSheet(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  header: string[],
  widths: number[],
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: '1:2',
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 13 };
  ws.mergeCells(1, 1, 1, header.length);
  ws.getRow(1).height = 24;
  const h = ws.getRow(2);
  h.values = header;
  h.height = 48;
  h.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  // Very wide sheets (a form of many items) run over pages across, with the names repeated on each.
  if (widths.reduce((a, b) => a + b, 0) > WIDTH_ON_ONE_PAGE) {
    ws.pageSetup.fitToWidth = 0;
    ws.pageSetup.printTitlesColumn = 'A:A';
  }
  return ws;
}

/** Column widths (in characters) that still print readably across one landscape A4 page. */
const WIDTH_ON_ONE_PAGE = 200;

/** Width of a text in Excel's character units: a Chinese character takes two. */
const textWidth = (s: string) => [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);

/**
 * Borders, top alignment and wrapping; and a row height that shows the wrapped text (Excel and LibreOffice do not
 * grow a row written by exceljs on their own, so a long 偏差原因 would be cut).
 */
function styleBody(ws: ExcelJS.Worksheet, row: ExcelJS.Row, width: number): void {
  let lines = 1;
  for (let col = 1; col <= width; col++) {
    const cell = row.getCell(col);
    cell.border = BORDER;
    cell.alignment = { vertical: 'top', wrapText: true };
    const v = cell.value;
    if (typeof v === 'string') {
      const w = Math.max(1, (ws.getColumn(col).width ?? 10) - 1);
      lines = Math.max(lines, Math.ceil(textWidth(v) / w));
    }
  }
  if (lines > 1) row.height = 15 * Math.min(lines, 12);
}

const titleOf = (c: Campaign, flow: Flow | undefined, what: string, now: Date) =>
  `${c.title}　${flow ? formLabel(flow) : c.flowId}　${what}（导出：${formatLocal(now, c.tz, now)}）`;

/** 汇总: one row per person — budget, each item's 得分, total, grade, 提交时间, version, review. */
function summarySheet(
  wb: ExcelJS.Workbook,
  name: string,
  c: Campaign,
  flow: Flow | undefined,
  rows: PersonView[],
  now: Date,
): void {
  const numbers = flow ? itemNumbers(flow) : new Map<string, number>();
  // In the chat's numbering (第N项), as the person and the 明细 sheet read them.
  const indicators = [...(flow?.indicators ?? [])].sort((a, b) => (numbers.get(a.id) ?? 0) - (numbers.get(b.id) ?? 0));
  const unit = flow?.fields.find((f) => f.id === flow.budget?.total)?.unit ?? '万元';
  const header = [
    '填报人',
    '状态',
    '提交时间',
    '版本',
    `预算数（${unit}）`,
    `执行数（${unit}）`,
    '执行率',
    ...indicators.map((i) => `${numbers.get(i.id) ?? ''}. ${i.name}（${i.weight}分）`),
    '总分',
    '等级',
    '审核',
    '备注',
  ];
  const lead = 7;
  const widths = [whoWidth(rows), 16, 16, 6, 10, 10, 9, ...indicators.map(() => 10), 7, 5, 16, 18];
  const ws = newSheet(wb, name, titleOf(c, flow, '汇总', now), header, widths);
  for (const r of rows) {
    const report = r.state === 'submitted' ? r.report : undefined;
    const items = new Map((report?.items ?? []).map((i) => [i.id, i]));
    const budget = budgetOf(flow, report, items);
    const row = ws.addRow([
      personLabel(r.user, r.name),
      statusLabel(r),
      r.state === 'submitted' && r.submittedAt ? excelDate(r.submittedAt, c.tz) : null,
      r.revision > 0 ? `第${r.revision}版` : null,
      budget.total ?? null,
      budget.spent ?? null,
      budget.rate ?? null,
      ...indicators.map((i) => {
        const it = items.get(i.id);
        return it ? (it.status === 'scored' ? it.score : '待评') : null;
      }),
      r.score ?? null,
      r.grade ?? null,
      reviewText(r) || null,
      noteOf(r) || null,
    ]);
    styleBody(ws, row, header.length);
  }
  ws.getColumn(3).numFmt = 'yyyy-mm-dd hh:mm';
  ws.getColumn(5).numFmt = '0.00';
  ws.getColumn(6).numFmt = '0.00';
  ws.getColumn(7).numFmt = '0.00%';
  for (let i = 0; i <= indicators.length; i++) ws.getColumn(lead + 1 + i).numFmt = '0.##';
}

/**
 * The 填报人 column wide enough for 张三（ZhangSan） on one line (textWidth), within 10–22 so the sheet still
 * prints across the page.
 */
function whoWidth(rows: PersonView[]): number {
  return Math.min(22, Math.max(10, ...rows.map((r) => textWidth(personLabel(r.user, r.name)) + 1)));
}

/** 明细: one row per person and item, as the 自评表 reads — 指标值, 实际值, 得分 and 偏差原因. */
function detailSheet(
  wb: ExcelJS.Workbook,
  name: string,
  c: Campaign,
  flow: Flow | undefined,
  rows: PersonView[],
  now: Date,
): void {
  const header = [
    '填报人',
    '序号',
    '一级指标',
    '二级指标',
    '三级指标',
    '分值',
    '年度指标值',
    '实际值',
    '得分',
    '偏差原因',
  ];
  const ws = newSheet(wb, name, titleOf(c, flow, '各项明细', now), header, [10, 5, 10, 13, 22, 6, 14, 16, 6, 42]);
  const numbers = flow ? itemNumbers(flow) : new Map<string, number>();
  const submitted = rows.filter((r) => r.state === 'submitted' && r.report);
  const order = (id: string) => numbers.get(id) ?? Number.MAX_SAFE_INTEGER;
  for (const r of submitted)
    for (const it of [...r.report!.items].sort((a, b) => order(a.id) - order(b.id))) {
      const row = ws.addRow([
        personLabel(r.user, r.name),
        numbers.get(it.id) ?? null,
        it.level1 || null,
        it.level2 || null,
        it.name,
        it.max,
        it.target || null,
        it.display ? `${it.display}${it.note ? `（${it.note}）` : ''}` : null,
        it.status === 'scored' ? it.score : '待评',
        it.reason || null,
      ]);
      styleBody(ws, row, header.length);
    }
  if (!submitted.length) ws.addRow(['还没有人提交。']);
  ws.getColumn(6).numFmt = '0.##';
  ws.getColumn(9).numFmt = '0.##';
}

/** 预算数, 执行数 and the 执行率 the scorer computed (as in the .docx); without such an item, spent ÷ total. */
function budgetOf(flow: Flow | undefined, report: ScoreReport | undefined, items: Map<string, ItemScore>) {
  const total = fieldNumber(report, flow?.budget?.total);
  const spent = fieldNumber(report, flow?.budget?.spent);
  const rateItem = flow?.budget?.indicator ? items.get(flow.budget.indicator) : undefined;
  const rate =
    rateItem?.value?.kind === 'number'
      ? rateItem.value.value / 100
      : total && spent !== undefined
        ? spent / total
        : undefined;
  return { total, spent, rate };
}

function reviewText(r: PersonView): string {
  if (r.review?.kind === 'returned') return `退回修改：${r.review.comment}`;
  return r.review?.kind === 'approved' ? '已审核通过' : '';
}

function noteOf(r: PersonView): string {
  if (r.state === 'editing') return `提交第${r.revision}版后正在修改，逐项得分见第${r.revision}版自评表`;
  return r.report?.provisional ? '有待人工评分的项目，总分暂定' : '';
}
