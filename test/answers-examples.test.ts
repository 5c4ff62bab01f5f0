// What the bot shows as an example it accepts: every question's example (flows/*.yaml, the forms the
// seed documents import into, and the forms of other departments the answer corpus comes from) read back
// by the same reader the chat uses. And a re-ask for a figure never asks for 达成.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { readAnswerText } from '../src/core/answers/grammar.js';
import { loadFlowText } from '../src/core/flow/load.js';
import type { Flow } from '../src/core/flow/model.js';
import { readAnswer } from '../src/core/scoring/score-flow.js';
import { fieldExample, indicatorExample } from '../src/engine/prompts.js';
import { loadFlowsDir } from '../src/flows/read-flows.js';
import { importForm } from '../src/import/import-form.js';
import {
  hecheng,
  hechengDept,
  lukou,
  rugao,
  rugaoDept,
  rugaoOthers,
  xiangxiDept,
  xiangxiProject,
  zhengding,
} from './fixtures/import/seed-forms.js';
import { writeDocx } from './fixtures/import/write-form.js';

const FLOWS = fileURLToPath(new URL('../flows/', import.meta.url));
const CORPUS = fileURLToPath(new URL('./corpus/answers/', import.meta.url));

/** Every example a form shows, with the question it belongs to. */
function examples(flow: Flow): { id: string; label: string; example: string }[] {
  return [
    ...flow.fields.map((f) => ({ id: f.id, label: f.label, example: fieldExample(f, flow) })),
    ...flow.indicators
      .filter((i) => !i.derived)
      .map((i) => ({ id: i.id, label: i.name, example: indicatorExample(i) })),
  ];
}

function unreadExamples(flows: Flow[]): string[] {
  const bad: string[] = [];
  for (const flow of flows)
    for (const q of examples(flow)) {
      const r = readAnswer(flow, q.id, q.example);
      // Asked back with two readings would make the example a question: it must read plainly.
      if (!r.ok || r.alternatives) bad.push(`${flow.id} ${q.label}: “${q.example}” → ${r.ok ? r.confirm : r.reason}`);
    }
  return bad;
}

/** The corpus items as forms of their departments (their own targets, units and rules). */
function corpusFlows(): Flow[] {
  const out: Flow[] = [];
  for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.yaml'))) {
    const data = YAML.parse(readFileSync(CORPUS + file, 'utf8')) as {
      items: { name: string; target: string; rule?: string; points?: number; measure?: string }[];
    };
    const indicators = data.items.map((e, i) => ({
      id: `i${i}`,
      level1: '产出指标',
      level2: '数量指标',
      name: e.name,
      weight: 10,
      target: String(e.target),
      ...(e.rule ? { rule: e.rule } : {}),
      ...(e.measure ? { measure: e.measure } : {}),
      ...(e.points ? { points: Array.from({ length: e.points }, (_, k) => `要点${k + 1}`) } : {}),
    }));
    const r = loadFlowText(YAML.stringify({ id: file.replace(/\.yaml$/, ''), title: '语料', indicators }), file);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    out.push(r.flow);
  }
  return out;
}

describe('every example the bot shows is accepted by it', () => {
  it('the forms in flows/', () => {
    const set = loadFlowsDir(FLOWS);
    expect(set.flows.length).toBeGreaterThan(5);
    expect(unreadExamples(set.flows)).toEqual([]);
  });

  const imported: Flow[] = [];
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tianbao-examples-'));
    const specs = [hecheng, hechengDept, lukou, rugao, rugaoDept, xiangxiDept, xiangxiProject, zhengding];
    specs.push(...rugaoOthers.map((o) => o.spec));
    for (const [i, spec] of specs.entries()) {
      const file = join(dir, `form-${i}.docx`);
      await writeDocx(spec, file);
      const r = await importForm(file);
      if (!r.ok) throw new Error(r.reason);
      imported.push(...r.flows.map((f) => f.flow));
    }
  });

  it('the forms the seed documents import into', () => {
    expect(imported.length).toBeGreaterThan(8);
    expect(unreadExamples(imported)).toEqual([]);
  });

  it('the forms of the departments the answer corpus comes from', () => {
    expect(unreadExamples(corpusFlows())).toEqual([]);
  });
});

describe('a re-ask names what the item expects', () => {
  /** What a refusal says for an answer the reader cannot use, for every asked item of these forms. */
  function reasks(flows: Flow[]): { flow: Flow; id: string; reason: string; example: string; numeric: boolean }[] {
    const out = [];
    for (const flow of flows)
      for (const ind of flow.indicators.filter((i) => !i.derived)) {
        const r = readAnswer(flow, ind.id, '好像还行吧');
        if (r.ok) continue;
        const target = ind.targetParsed;
        const named = target.kind === 'text' ? readAnswerText(target.text) : undefined;
        const figureTarget =
          target.kind !== 'text' || (named?.figures.length === 1 && named.figures[0].unit !== undefined);
        const numeric = ['percent', 'count', 'money', 'number'].includes(ind.measure) || figureTarget;
        out.push({ flow, id: ind.id, reason: r.reason, example: r.example, numeric });
      }
    return out;
  }

  it('never asks for 达成 where a figure is asked, and its example is accepted', () => {
    const flows = [...loadFlowsDir(FLOWS).flows, ...corpusFlows()];
    const all = reasks(flows);
    expect(all.length).toBeGreaterThan(100);
    const asksAchieved = all.filter((r) => r.numeric && /达成/.test(r.reason));
    expect(asksAchieved.map((r) => `${r.flow.id} ${r.id}: ${r.reason}`)).toEqual([]);
    const badExamples = all.filter((r) => {
      const back = readAnswer(r.flow, r.id, r.example);
      return !back.ok || back.alternatives;
    });
    expect(badExamples.map((r) => `${r.flow.id} ${r.id}: ${r.example}`)).toEqual([]);
  });

  it('says the unit and gives an example in it: 请填实际浓度 35微克/立方米, never 达成', () => {
    const r = loadFlowText(
      YAML.stringify({
        id: 'air',
        title: '大气污染防治',
        indicators: [
          {
            id: 'pm',
            level1: '效益指标',
            level2: '生态效益指标',
            name: 'PM2.5年均浓度',
            weight: 10,
            target: '≤35微克/立方米',
          },
          {
            id: 'rate',
            level1: '效益指标',
            level2: '生态效益指标',
            name: '优良天数比例',
            weight: 10,
            target: '达到85%以上',
          },
          {
            id: 'drop',
            level1: '效益指标',
            level2: '生态效益指标',
            name: 'PM2.5浓度',
            weight: 10,
            target: '控制在35微克/立方米以内，持续改善',
          },
        ],
      }),
    );
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(readAnswer(r.flow, 'pm', '挺好')).toEqual({
      ok: false,
      reason: '没看懂“挺好”，请填PM2.5年均浓度的实际数值（微克/立方米）',
      example: '35微克/立方米',
    });
    expect(readAnswer(r.flow, 'rate', '挺好')).toEqual({
      ok: false,
      reason: '没看懂“挺好”，请填优良天数比例的百分比（%）',
      example: '85%',
    });
    // A target in words around one figure: the figure is asked for and compared with it.
    expect(readAnswer(r.flow, 'drop', '挺好')).toEqual({
      ok: false,
      reason: '没看懂“挺好”，本项请填实际完成的数值（指标值35微克/立方米）',
      example: '35微克/立方米',
    });
    expect(readAnswer(r.flow, 'drop', '32微克/立方米')).toMatchObject({
      ok: true,
      value: { kind: 'qualitative', grade: 'achieved' },
    });
    expect(readAnswer(r.flow, 'drop', '0.032毫克/立方米')).toMatchObject({ ok: true, value: { grade: 'achieved' } });
    expect(readAnswer(r.flow, 'drop', '38微克/立方米')).toMatchObject({ ok: false });
  });
});
