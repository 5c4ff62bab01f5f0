// The 汇总 as an Excel workbook (exceljs): one row per assignee — each indicator's score, total, grade,
// submitted time and version — from the same rows the progress table shows.
import ExcelJS from 'exceljs';
import type { Campaign } from '../campaigns/model.js';
import { formatLocal } from '../campaigns/time.js';
import type { Flow } from '../core/flow/model.js';
import { type PersonRow, statusLabel } from './people.js';

export async function summaryWorkbook(
  c: Campaign,
  flow: Flow | undefined,
  rows: PersonRow[],
  now: Date,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '填报';
  const ws = wb.addWorksheet('汇总');
  const indicators = flow?.indicators ?? [];
  const header = [
    '填报人',
    '状态',
    ...indicators.map((i) => `${i.name}（${i.weight}分）`),
    '总分',
    '等级',
    '提交时间',
    '版本',
    '备注',
  ];
  ws.addRow(header);
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }];
  for (const r of rows) {
    const items = new Map((r.report?.items ?? []).map((i) => [i.id, i]));
    const note =
      r.state === 'editing'
        ? `提交第${r.revision}版后正在修改，逐项得分见第${r.revision}版自评表`
        : r.report?.provisional
          ? '有待人工评分的项目，总分暂定'
          : '';
    ws.addRow([
      r.user,
      statusLabel(r),
      ...indicators.map((i) => {
        const it = items.get(i.id);
        return it && it.status === 'scored' ? it.score : it ? '待评' : null;
      }),
      r.score ?? null,
      r.grade ?? null,
      // The session's last save is the submission only while the form is unchanged since.
      r.state === 'submitted' && r.lastActivity ? formatLocal(new Date(r.lastActivity), c.tz, now) : null,
      r.revision > 0 ? `第${r.revision}版` : null,
      note || null,
    ]);
  }
  ws.columns.forEach((col, i) => {
    col.width = i === 0 ? 12 : i === 1 ? 22 : Math.min(24, Math.max(10, String(header[i] ?? '').length * 2));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
