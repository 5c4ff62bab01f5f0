import { Resvg } from '@resvg/resvg-js';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { pngSize } from '../src/report/chart-image.js';
import { renderReport } from '../src/report/render-docx.js';
import { readDocx } from './fixtures/read-docx.js';
import { makeFlow, makeReport, projectFieldValues, projectItems } from './fixtures/report-fixtures.js';

/** A small bar chart as the console's scoreChartPng would give one: 600 × 300 pixels. */
function barChartPng(): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300">
    <rect width="600" height="300" fill="#fff"/>
    <rect x="60" y="60" width="120" height="220" fill="#5470c6"/>
    <rect x="240" y="160" width="120" height="120" fill="#91cc75"/>
    <rect x="420" y="120" width="120" height="160" fill="#fac858"/>
  </svg>`;
  return new Resvg(svg).render().asPng();
}

async function render(chartPng?: Uint8Array) {
  const flow = makeFlow(projectItems);
  const report = makeReport(flow, projectItems, projectFieldValues);
  const buf = await renderReport({ flow, report, filledAt: new Date('2025-03-01T02:00:00Z'), chartPng });
  return { buf, doc: await readDocx(buf), zip: await JSZip.loadAsync(buf) };
}

describe('the 一级指标 chart in the 自评表', () => {
  it('is placed after the appendix under its own heading, at the proportions it was drawn', async () => {
    const png = barChartPng();
    expect(pngSize(png)).toEqual({ width: 600, height: 300 });
    const { doc, zip } = await render(png);
    const media = Object.keys(zip.files).filter((n) => n.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(Buffer.from(await zip.file(media[0])!.async('uint8array')).equals(png)).toBe(true);

    // After the signature lines and the 扣分说明, so the form's first page stays as the bureau prints it.
    const drawing = doc.xml.indexOf('<w:drawing>');
    expect(drawing).toBeGreaterThan(doc.xml.indexOf('填表人'));
    expect(drawing).toBeGreaterThan(doc.xml.lastIndexOf('附：扣分说明'));
    expect(doc.paragraphs).toContain('附：一级指标得分图');
    expect(doc.xml.indexOf('附：一级指标得分图')).toBeLessThan(drawing);
    // Scaled to fit 60 % of the text width (14798 twips = 986.5 px → 592 px) and 45 % of the page height
    // (9753 twips = 650.2 px → 292.6 px): the height decides, 585 × 293 px, in EMU (9525 per px).
    const [, cx, cy] = /<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(doc.xml)!.map(Number);
    expect([cx / 9525, cy / 9525]).toEqual([585, 293]);
    expect(doc.xml).toContain('descr="各一级指标的得分与分值"');
  });

  it('is left out when none is given, and when the bytes are not a PNG the document is still made', async () => {
    const none = (await render()).doc;
    expect(none.xml).not.toContain('<w:drawing>');
    expect(none.paragraphs).not.toContain('附：一级指标得分图');
    const broken = await render(Buffer.from('<svg>not a png</svg>'));
    expect(broken.doc.xml).not.toContain('<w:drawing>');
    expect(broken.doc.tables[1].rows.at(-1)!.cells.map((c) => c.text)).toEqual([
      '总分',
      '100',
      '暂计 74.5（另有1项待人工评分）',
    ]);
  });
});
