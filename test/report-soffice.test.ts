import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlowFile } from '../src/core/flow/load.js';
import type { RawAnswers } from '../src/core/flow/model.js';
import { scoreFlow } from '../src/core/scoring/score-flow.js';
import { printScore } from '../src/report/format.js';
import { type ReportInput, renderReport } from '../src/report/render-docx.js';
import {
  type ItemSpec,
  makeFlow,
  makeReport,
  manyItems,
  projectFieldValues,
  projectItems,
} from './fixtures/report-fixtures.js';

// A real reader: LibreOffice opens the .docx and prints it to PDF; pdftotext reads the PDF back.
const haveTools = [
  ['soffice', '--version'],
  ['pdftotext', '-v'],
].every(([cmd, arg]) => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0);
// CI installs the tools (.ci/run), so there a missing reader is a failure, never a silent skip.
if (!haveTools && process.env.CI)
  throw new Error('CI 环境缺少 soffice 或 pdftotext：.ci/run 应已安装 libreoffice-writer-nogui poppler-utils');
if (!haveTools)
  console.warn(
    'report-soffice: soffice 或 pdftotext 未安装，跳过 LibreOffice 渲染测试（apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk）',
  );

// Maps 宋体 / 仿宋_GB2312 / 黑体 to Noto CJK SC so the PDF has Chinese glyphs, not boxes.
const fontsConf = resolve(import.meta.dirname, 'fontconfig', 'fonts.conf');

describe.skipIf(!haveTools)('the 自评表 opened in LibreOffice', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tianbao-soffice-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Renders, converts with soffice, returns the PDF text with all whitespace removed (cells wrap lines). */
  async function pdfText(name: string, items: ItemSpec[], flowOpts = {}): Promise<{ text: string; pages: number }> {
    const pdf = await toPdf(name, items, flowOpts);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    return { text: text.replace(/\s+/g, ''), pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0) };
  }

  async function toPdf(name: string, items: ItemSpec[], flowOpts = {}): Promise<string> {
    const flow = makeFlow(items, flowOpts);
    const report = makeReport(flow, items, projectFieldValues);
    return convert(name, { flow, report });
  }

  /** Renders the input as a .docx, converts it with soffice and returns the PDF's path. */
  async function convert(name: string, input: Omit<ReportInput, 'filledAt'>): Promise<string> {
    writeFileSync(
      join(dir, `${name}.docx`),
      await renderReport({ filledAt: new Date('2025-03-01T02:00:00Z'), revision: 3, ...input }),
    );
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        join(dir, `${name}.docx`),
      ],
      {
        env: { ...process.env, FONTCONFIG_FILE: fontsConf },
        stdio: 'ignore',
        timeout: 120_000,
      },
    );
    return join(dir, `${name}.pdf`);
  }

  /** The words of one PDF page with their boxes, as pdftotext -bbox gives them. */
  function pageWords(pdf: string, page: number): { x0: number; y0: number; x1: number; text: string }[] {
    const html = execFileSync(
      'pdftotext',
      ['-enc', 'UTF-8', '-f', String(page), '-l', String(page), '-bbox', pdf, '-'],
      {
        encoding: 'utf8',
      },
    );
    return [
      ...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g),
    ].map((m) => ({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), text: m[4] }));
  }

  it('prints every indicator, every score and the total of the 项目支出 form', async () => {
    const { text } = await pdfText('project', projectItems);
    expect(text).toContain('2024年度预算支出绩效自评表');
    expect(text).toContain('第3版');
    for (const i of projectItems) expect(text, i.name).toContain(i.name);
    for (const i of projectItems)
      if (i.score !== null) expect(text, `${i.name} 的得分`).toContain(printScore(i.score, 2));
    // 8.5 + 10 + 9.33 + 10 + 20 + 16.67 = 74.5, with 维护社会和谐稳定 still to be scored by a person.
    expect(text).toContain('暂计74.5（另有1项待人工评分）');
    expect(text).toContain('待人工评分');
    expect(text).toContain('附：扣分说明');
  });

  it('prints a 60-indicator form over several pages with every indicator in it', async () => {
    const items = manyItems(60);
    const { text, pages } = await pdfText('sixty', items, { budget: false });
    expect(pages).toBeGreaterThan(2);
    for (const i of items) expect(text, i.name).toContain(i.name);
    // Header repeated: one 偏差原因 title per table page at least (3+ pages of table).
    expect(text.split('偏差原因分析及改进措施').length - 1).toBeGreaterThanOrEqual(3);
    // 60 items × 2 分, every 7th (i = 3, 10, …, 59: 9 items) scored 1.5: 120 − 9 × 0.5 = 115.5.
    expect(text).toContain('115.5');
  });

  it('names the 一级指标 again on every page its rows continue on, e.g. 产出指标（续） atop page 2', async () => {
    const items = manyItems(60);
    const pdf = await toPdf('continued', items, { budget: false });
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1] ?? 0);
    const level1Of = new Map(items.map((i) => [i.name, i.level1]));
    let tablePages = 0;
    for (let page = 1; page <= pages; page++) {
      const words = pageWords(pdf, page);
      const head1 = words.find((w) => w.text === '一级指标');
      const head2 = words.find((w) => w.text === '二级指标');
      const head4 = words.find((w) => w.text === '年度指标值');
      if (!head1 || !head2 || !head4) continue;
      tablePages++;
      const below = words.filter((w) => w.y0 > head1.y0 + 1).sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
      // The 一级 column read top to bottom, e.g. 产出指标（续）效益指标（40分）.
      const column1 = below
        .filter((w) => w.x1 <= head2.x0)
        .map((w) => w.text)
        .join('');
      const labelled = [...column1.matchAll(/(.+?)（(?:续|\d+分)）/g)].map((m) => m[1]);
      // The rows on the page, by their 三级指标 name, each line of that column joined.
      const names = new Map<number, string>();
      for (const w of below.filter((w) => w.x0 >= head2.x1 && w.x1 <= head4.x0))
        names.set(Math.round(w.y0), (names.get(Math.round(w.y0)) ?? '') + w.text);
      const groups = [...new Set([...names.values()].map((n) => level1Of.get(n)).filter((g) => g !== undefined))];
      // Every 一级 group with a row on this page has its name printed on this page: no blank merged cell on top.
      // (A name may also be repeated lower on a page, where the estimate ended a page a little early.)
      expect([...new Set(labelled)], `第${page}页`).toEqual(groups);
      if (page === 2) expect(column1).toMatch(/^产出指标（续）/);
    }
    expect(tablePages).toBeGreaterThanOrEqual(3);
  });

  it('prints the 渌口 form’s stated 产出指标（50分） with the note that its items add up to 45, and the chart', async () => {
    const loaded = loadFlowFile(resolve(import.meta.dirname, '..', 'flows', 'lukou-2021-dept.yaml'));
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const flow = loaded.flow;
    const answers: RawAnswers = {};
    for (const f of flow.fields) if (f.example) answers[f.id] = f.example;
    for (const i of flow.indicators) if (!i.derived && i.example) answers[i.id] = i.example;
    // A chart as the console draws one: a small PNG, here a single grey bar.
    const chartPng = new Resvg(
      '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect x="50" y="50" width="100" height="150" fill="#888"/></svg>',
    )
      .render()
      .asPng();
    const pdf = await convert('lukou', { flow, report: scoreFlow(flow, answers), chartPng });
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('产出指标（50分）');
    expect(text).toContain('注：产出指标原表标明50分，其下各项分值合计45分，得分按各项分值计。');
    expect(text).toContain('注：各项分值合计95分，与原表总分100分不符，总分按各项得分合计。');
    // The chart is in the PDF as the one picture, 400 × 200 pixels.
    const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
    // (Columns: page num type width height …; its transparency comes as a second entry of type smask.)
    const pictures = images.map((l) => l.trim().split(/\s+/)).filter((c) => c[2] === 'image');
    expect(pictures.map((c) => c.slice(3, 5))).toEqual([['400', '200']]);
  });

  it('opens a form full of hostile text', async () => {
    const long = '很长的原因说明。'.repeat(1250);
    const items = projectItems.map((i) =>
      i.id === 'online' ? { ...i, reason: `<b>&amp;"引号"👍\u200b\n第二行\u0007${long}` } : i,
    );
    const { text } = await pdfText('hostile', items);
    expect(text).toContain('<b>&amp;"引号"');
    expect(text).toContain('第二行很长的原因说明。');
    expect(text).toContain('暂计74.5');
  });
});

// Keep the fontconfig file the test depends on from silently disappearing.
it('ships the fontconfig mapping for the CJK fonts', () => {
  const conf = readFileSync(fontsConf, 'utf8');
  for (const family of ['宋体', '仿宋_GB2312', '黑体']) expect(conf).toContain(`<string>${family}</string>`);
});
