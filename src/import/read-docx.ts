import { XMLParser } from 'fast-xml-parser';
import type JSZip from 'jszip';
import { type Cell, type Grid, type SourceDoc, squareUp } from './grid.js';
import { cleanText } from './text.js';

// preserveOrder keeps paragraphs and tables in document order, and runs in reading order.
type Node = { [tag: string]: Node[] | string | Record<string, string> | undefined; ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
});

/** Reads word/document.xml of an already size-checked zip into tables and loose paragraphs. */
export async function readDocx(zip: JSZip): Promise<SourceDoc> {
  const entry = zip.file('word/document.xml');
  if (!entry) throw new ReadError('不是 Word 文档（缺少 word/document.xml）');
  const xml = await entry.async('string');
  // A form's text is a few hundred kB; parsing tens of MB of XML would take seconds and much memory.
  if (xml.length > 20_000_000) throw new ReadError('正文超过 20 MB，不像一张绩效表');
  const root = parser.parse(xml) as Node[];
  const body = children(find(children(find(root, 'w:document')), 'w:body'));
  const doc: SourceDoc = { tables: [], paragraphs: [] };
  walkBody(body, doc);
  return doc;
}

/** Word's own limit of columns in a table: a span or an indent past it is not a table Word wrote. */
const MAX_COLUMNS = 63;
/** Cells of all tables together; a form has a few hundred (a span repeats its cell, so it counts each). */
const MAX_CELLS = 200_000;

/** A refusal with a reason meant for the person who sent the file. */
export class ReadError extends Error {}

function walkBody(nodes: Node[], doc: SourceDoc, pending: string[] = [], budget = { cells: MAX_CELLS }): void {
  for (const n of nodes) {
    const tag = tagOf(n);
    if (tag === 'w:p') {
      const t = cleanText(textOf(children(n)));
      if (t) {
        doc.paragraphs.push(t);
        pending.push(t);
      }
    } else if (tag === 'w:tbl') {
      doc.tables.push({
        ...readTable(children(n), `表${doc.tables.length + 1}`, budget),
        before: pending.splice(0),
        paraIndex: doc.paragraphs.length,
      });
    } else if (tag === 'w:sdt' || tag === 'w:sdtContent' || tag === 'w:customXml') {
      walkBody(children(n), doc, pending, budget);
    }
  }
}

function readTable(nodes: Node[], name: string, budget: { cells: number }): Grid {
  const rows: Cell[][] = [];
  for (const tr of rowsOf(nodes)) {
    const row: Cell[] = [];
    const trPr = find(children(tr), 'w:trPr');
    const before = columns(attr(find(children(trPr), 'w:gridBefore'), 'w:val') ?? 0, 0);
    for (let i = 0; i < before; i++) row.push({ text: '' });
    for (const tc of cellsOf(children(tr))) {
      const pr = children(find(children(tc), 'w:tcPr'));
      const span = Math.max(1, columns(attr(find(pr, 'w:gridSpan'), 'w:val') ?? 1, 1));
      const vMerge = find(pr, 'w:vMerge');
      // <w:vMerge/> without val (or val="continue") continues the cell above; "restart" starts one.
      const continues = vMerge !== undefined && (attr(vMerge, 'w:val') ?? 'continue') !== 'restart';
      const col = row.length;
      let text: string;
      let from: Cell['from'];
      if (continues) {
        text = rows[rows.length - 1]?.[col]?.text ?? '';
        from = 'above';
      } else text = cleanText(textOf(children(tc).filter((c) => tagOf(c) !== 'w:tcPr')));
      row.push(from ? { text, from } : { text });
      for (let k = 1; k < span; k++) row.push({ text, from: 'left' });
      if (row.length > MAX_COLUMNS)
        throw new ReadError(`${name}有一行超过 ${MAX_COLUMNS} 列（Word 的上限），文件已损坏`);
    }
    budget.cells -= row.length;
    if (budget.cells < 0)
      throw new ReadError(`文档的表格共有超过 ${MAX_CELLS.toLocaleString('en-US')} 个单元格，远超一张绩效表，没有导入`);
    rows.push(row);
  }
  return { name, rows: squareUp(rows) };
}

/** A count of grid columns as written (w:gridSpan, w:gridBefore); past Word's limit the file is damaged. */
function columns(value: string | number, fallback: number): number {
  const n = Number(value);
  if (!Number.isFinite(n)) return fallback;
  if (n > MAX_COLUMNS)
    throw new ReadError(`表格的一个单元格跨 ${n} 列，超过 Word 的上限（${MAX_COLUMNS} 列），文件已损坏`);
  return Math.max(0, Math.floor(n));
}

/** Rows may sit inside content controls; nested tables are left to their cell's text. */
function rowsOf(nodes: Node[]): Node[] {
  const out: Node[] = [];
  for (const n of nodes) {
    const tag = tagOf(n);
    if (tag === 'w:tr') out.push(n);
    else if (tag === 'w:sdt' || tag === 'w:sdtContent' || tag === 'w:customXml') out.push(...rowsOf(children(n)));
  }
  return out;
}

function cellsOf(nodes: Node[]): Node[] {
  const out: Node[] = [];
  for (const n of nodes) {
    const tag = tagOf(n);
    if (tag === 'w:tc') out.push(n);
    else if (tag === 'w:sdt' || tag === 'w:sdtContent' || tag === 'w:customXml') out.push(...cellsOf(children(n)));
  }
  return out;
}

/** The visible text: runs' w:t, tabs as spaces, breaks and paragraph ends as line breaks. */
function textOf(nodes: Node[]): string {
  let s = '';
  for (const n of nodes) {
    const tag = tagOf(n);
    if (tag === 'w:t')
      s += children(n)
        .map((c) => (typeof c['#text'] === 'string' ? c['#text'] : ''))
        .join('');
    else if (tag === 'w:tab') s += ' ';
    else if (tag === 'w:br' || tag === 'w:cr') s += '\n';
    else if (tag === 'w:p') s += `${textOf(children(n))}\n`;
    else if (tag === 'w:delText' || tag === 'w:instrText' || tag === 'w:rPr' || tag === 'w:pPr') continue;
    else if (tag && tag !== '#text') s += textOf(children(n));
  }
  return s;
}

function tagOf(n: Node): string | undefined {
  return Object.keys(n).find((k) => k !== ':@');
}

function children(n: Node | undefined): Node[] {
  if (!n) return [];
  const tag = tagOf(n);
  const v = tag ? n[tag] : undefined;
  return Array.isArray(v) ? v : [];
}

function find(nodes: Node[], tag: string): Node | undefined {
  return nodes.find((n) => tagOf(n) === tag);
}

function attr(n: Node | undefined, name: string): string | undefined {
  return n?.[':@']?.[name];
}
