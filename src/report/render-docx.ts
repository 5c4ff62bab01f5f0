import {
  AlignmentType,
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
import { chartParagraph } from './chart-image.js';
import { buildIndicatorTable } from './indicator-table.js';
import { buildInfoTable } from './info-table.js';
import { PAPER, pageArea, paragraphTwips } from './layout-estimate.js';
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
  /** A PNG of the 一级指标 scores (src/charts), placed after the appendix; left out when absent or not a PNG. */
  chartPng?: Uint8Array;
}

/** The 绩效自评表 as a .docx, ready to hand to the finance bureau. */
export async function renderReport(input: ReportInput): Promise<Buffer> {
  return Packer.toBuffer(buildDocument(input));
}

export function buildDocument(input: ReportInput): Document {
  const t = input.template ?? defaultTemplate();
  const view = buildView(input, t);
  const [pw, ph] = PAPER[t.page.size];
  const landscape = t.page.orientation === 'landscape';
  const { width: textWidth, height: pageHeight, margin } = pageArea(t);

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
  let firstPageUsed =
    paragraphTwips(view.title, textWidth, t.fonts.title, 120) +
    paragraphTwips(`${view.subtitle}\u3000\u3000${view.revision ?? ''}`, textWidth, t.fonts.subtitle, 120);
  const info = buildInfoTable(view, t, textWidth);
  // A paragraph between the two tables keeps Word from joining them, which would stop the header row repeating.
  if (info) {
    children.push(info.table, spacer(t, true));
    firstPageUsed += info.height + SPACER_TWIPS;
  }
  // The notes follow the 总分 row (which keeps with them) and keep on to the signature lines; without notes a
  // spacer separates the two tables.
  const notes = view.notes.length
    ? view.notes.map(
        (n, i) =>
          new Paragraph({
            keepNext: true,
            spacing: { before: i === 0 ? 60 : 0, after: i === view.notes.length - 1 ? 120 : 0 },
            children: runsOf(n, t.fonts.table),
          }),
      )
    : [spacer(t, true)];
  const notesHeight = view.notes.length
    ? view.notes.reduce((s, n) => s + paragraphTwips(n, textWidth, t.fonts.table), 180)
    : SPACER_TWIPS;
  // The signature lines are not counted: LibreOffice does not keep a table with the next one, so planning room for
  // them would only move the last rows off a page they fit on; when tight they go to the next page on their own.
  const after = notesHeight;
  children.push(buildIndicatorTable(view, t, { width: textWidth, pageHeight, firstPageUsed, after }), ...notes);
  children.push(buildSignBlock(view, t, textWidth));
  children.push(...buildAppendix(view, t, textWidth));
  // The chart goes after the appendix, not under the 总分: there it pushed the signature lines to a page of their
  // own and left the first page half empty (seen in LibreOffice). The form itself stays as the bureau prints it.
  const chart = input.chartPng && chartParagraph(input.chartPng, textWidth, pageHeight);
  if (chart)
    children.push(
      new Paragraph({
        keepNext: true,
        spacing: { before: 360, after: 120 },
        children: runsOf(t.text.appendix.chart_title, t.fonts.heading),
      }),
      chart,
    );

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

/** The spacer below: a 2-point run on a half line. */
const SPACER_TWIPS = 60;

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
