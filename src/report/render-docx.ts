import {
  AlignmentType,
  convertMillimetersToTwip,
  Document,
  Footer,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Tab,
  type Table,
  TabStopType,
  TextRun,
} from 'docx';
import type { Flow } from '../core/flow/model.js';
import type { ScoreReport } from '../core/types.js';
import { buildAppendix } from './appendix.js';
import { buildIndicatorTable } from './indicator-table.js';
import { buildInfoTable } from './info-table.js';
import { buildSignBlock } from './sign-block.js';
import { defaultTemplate, type ReportTemplate } from './template.js';
import { runFont, runsOf } from './text.js';
import { buildView } from './view.js';

export interface ReportInput {
  flow: Flow;
  report: ScoreReport;
  revision?: number;
  filledAt: Date;
  filler?: { name?: string; phone?: string };
  /** Layout; templates/report.yaml when absent. */
  template?: ReportTemplate;
}

/** Portrait width × height in twips. */
const PAPER = { A4: [11906, 16838], A3: [16838, 23811] } as const;

/** The 绩效自评表 as a .docx, ready to hand to the finance bureau. */
export async function renderReport(input: ReportInput): Promise<Buffer> {
  return Packer.toBuffer(buildDocument(input));
}

export function buildDocument(input: ReportInput): Document {
  const t = input.template ?? defaultTemplate();
  const view = buildView(input, t);
  const [pw, ph] = PAPER[t.page.size];
  const landscape = t.page.orientation === 'landscape';
  const m = t.page.margin_mm;
  const margin = { top: mm(m.top), right: mm(m.right), bottom: mm(m.bottom), left: mm(m.left) };
  const textWidth = (landscape ? ph : pw) - margin.left - margin.right;

  const children: (Paragraph | Table)[] = [];
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      spacing: { after: 120 },
      children: runsOf(view.title, t.fonts.title),
    }),
    new Paragraph({
      keepNext: true,
      spacing: { after: 120 },
      tabStops: [{ type: TabStopType.RIGHT, position: textWidth }],
      children: [
        ...runsOf(view.subtitle, t.fonts.subtitle),
        ...(view.revision ? [new TextRun({ ...runFont(t.fonts.subtitle), children: [new Tab(), view.revision] })] : []),
      ],
    }),
  );
  const info = buildInfoTable(view, t, textWidth);
  // A paragraph between the two tables keeps Word from joining them, which would stop the header row repeating.
  if (info) children.push(info, spacer(t, true));
  children.push(buildIndicatorTable(view, t, textWidth));
  // The notes follow the 总分 row (which keeps with them); without notes a spacer separates the two tables.
  if (view.notes.length)
    children.push(
      ...view.notes.map(
        (n, i) =>
          new Paragraph({
            keepNext: true,
            spacing: { before: i === 0 ? 60 : 0, after: i === view.notes.length - 1 ? 120 : 0 },
            children: runsOf(n, t.fonts.table),
          }),
      ),
    );
  else children.push(spacer(t, true));
  children.push(buildSignBlock(view, t, textWidth));
  children.push(...buildAppendix(view, t, textWidth));

  const bodyRun = {
    font: {
      eastAsia: t.fonts.body.east_asia,
      ascii: t.fonts.body.latin,
      hAnsi: t.fonts.body.latin,
      cs: t.fonts.body.latin,
    },
    size: Math.round(t.fonts.body.size_pt * 2),
    language: { value: 'en-US', eastAsia: t.language },
  };
  return new Document({
    title: view.title,
    creator: 'tianbao',
    styles: { default: { document: { run: bodyRun, paragraph: { spacing: { before: 0, after: 0 } } } } },
    sections: [
      {
        properties: {
          page: {
            size: {
              width: pw,
              height: ph,
              orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
            },
            margin,
          },
        },
        footers: { default: new Footer({ children: [pageFooter(t)] }) },
        children,
      },
    ],
  });
}

const mm = (x: number) => Math.round(convertMillimetersToTwip(x));

function spacer(t: ReportTemplate, keepNext: boolean): Paragraph {
  return new Paragraph({
    keepNext,
    spacing: { before: 0, after: 0, line: 120 },
    children: [new TextRun({ ...runFont(t.fonts.table), size: 4, text: '' })],
  });
}

/** "第 {page} 页  共 {pages} 页" with Word's page fields in place of the placeholders. */
function pageFooter(t: ReportTemplate): Paragraph {
  const children: (string | (typeof PageNumber)[keyof typeof PageNumber])[] = [];
  for (const part of t.text.page_footer.split(/(\{page\}|\{pages\})/)) {
    if (part === '{page}') children.push(PageNumber.CURRENT);
    else if (part === '{pages}') children.push(PageNumber.TOTAL_PAGES);
    else if (part) children.push(part);
  }
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ ...runFont(t.fonts.page_footer), children })],
  });
}
