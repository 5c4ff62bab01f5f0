import { describe, expect, it } from 'vitest';
import { renderReport } from '../src/report/render-docx.js';
import { readDocx, xmlProblems } from './fixtures/read-docx.js';
import { type ItemSpec, makeFlow, makeReport, projectFieldValues, projectItems } from './fixtures/report-fixtures.js';

// What people paste into a WeChat chat: markup, entities, quotes, emoji (with ZWJ sequences), zero-width
// characters, line breaks of every kind, and text far longer than a cell.
const markup = `<w:p>段落</w:p> & &amp; "双引号" '单引号' </w:t>`;
const emoji = '群众点赞👍👩‍👩‍👧‍👦🇨🇳，满意度高';
const zeroWidth = '偏差\u200b原因\u200c说明\u200d\ufeff完';
const multiline = '第一行\n第二行\r\n第三行\r第四行';
const long = '很长的原因说明。'.repeat(1250); // 8 × 1250 = 10,000 characters
const control = '含\u0007控制\u0000字符\u001b和孤立代理\ud800字';

function hostileItems(): ItemSpec[] {
  return projectItems.map((i) => {
    switch (i.id) {
      case 'cases':
        return { ...i, name: markup, reason: markup };
      case 'online':
        return { ...i, reason: emoji, display: '187件 😀' };
      case 'accept':
        return { ...i, reason: zeroWidth };
      case 'timely':
        return { ...i, reason: multiline };
      case 'satisfaction':
        return { ...i, reason: long };
      case 'social':
        return { ...i, display: control };
      default:
        return i;
    }
  });
}

async function renderHostile() {
  const items = hostileItems();
  const flow = makeFlow(items);
  const report = makeReport(flow, items, { ...projectFieldValues, goal_actual: `${markup}\n${emoji}` });
  return readDocx(
    await renderReport({ flow, report, filledAt: new Date('2025-03-01T02:00:00Z'), filler: { name: '<王&小"明>' } }),
  );
}

describe('text people type renders as the same visible text', () => {
  it('keeps the document well-formed XML', async () => {
    const doc = await renderHostile();
    expect(xmlProblems(doc.xml)).toEqual([]);
  });

  it('shows markup, entities and quotes literally', async () => {
    const doc = await renderHostile();
    const row = doc.tables[1].rows.find((r) => r.cells.some((c) => c.text === markup))!;
    expect(row.cells.filter((c) => c.text === markup)).toHaveLength(2); // 三级指标 and 偏差原因
    expect(doc.tables[2].rows[0].cells[0].text).toBe('填表人：<王&小"明>');
  });

  it('keeps emoji as typed, drops zero-width characters', async () => {
    const doc = await renderHostile();
    const cells = doc.tables[1].rows.flatMap((r) => r.cells.map((c) => c.text));
    expect(cells).toContain(emoji);
    expect(cells).toContain('187件 😀');
    // Zero-width and direction characters are not kept (issue 21): the text reads as it looked.
    expect(cells).toContain('偏差原因说明完');
    expect(cells.join()).not.toContain(zeroWidth);
  });

  it('turns every kind of line break into a line break', async () => {
    const doc = await renderHostile();
    const cell = doc.tables[1].rows.flatMap((r) => r.cells).find((c) => c.text.startsWith('第一行'))!;
    expect(cell.text).toBe('第一行\n第二行\n第三行\n第四行');
    expect(cell.xml.match(/<w:br\/>/g)).toHaveLength(3);
    expect(doc.tables[0].rows.flatMap((r) => r.cells.map((c) => c.text))).toContain(`${markup}\n${emoji}`);
  });

  it('drops only the characters XML cannot hold', async () => {
    const doc = await renderHostile();
    const cells = doc.tables[1].rows.flatMap((r) => r.cells.map((c) => c.text));
    expect(cells).toContain('含控制字符和孤立代理字');
  });

  it('prints a 10,000-character reason whole, in a row allowed to flow onto the next page', async () => {
    const doc = await renderHostile();
    const row = doc.tables[1].rows.find((r) => r.cells.some((c) => c.text === long))!;
    expect(row).toBeDefined();
    // A row taller than a page cannot be kept whole; the others still are.
    expect(row.cantSplit).toBe(false);
    expect(doc.tables[1].rows.filter((r) => r !== row).every((r) => r.cantSplit)).toBe(true);
    // The appendix repeats it in full as well.
    expect(doc.tables[3].rows.some((r) => r.cells.some((c) => c.text === long))).toBe(true);
  });
});
