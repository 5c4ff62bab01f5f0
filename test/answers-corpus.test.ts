// The answer corpus (test/corpus/answers/*.yaml): real 实际完成值 from published 自评表 and the shapes of
// issue 25, each with the value it must give. Every answer is read the way the chat reads it — the item
// is loaded from its 三级指标, 年度指标值 and 评分标准 like an imported form — and compared with the value
// worked by hand. A wrong value fails the test; coverage (read / asked back / refused / wrong) is printed.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadFlowText } from '../src/core/flow/load.js';
import { readAnswer } from '../src/core/scoring/score-flow.js';
import type { Result, Value } from '../src/core/types.js';

const DIR = fileURLToPath(new URL('./corpus/answers/', import.meta.url));

interface Entry {
  name: string;
  target: string | number;
  answer: string | number;
  rule?: string;
  unit?: string;
  measure?: string;
  points?: number;
  weight?: number;
  value?: number;
  upTo?: number;
  grade?: 'achieved' | 'partial' | 'not_achieved';
  score?: number;
  days_late?: number;
  met?: number[];
  parts?: Record<string, number>;
  ask?: [number, number];
  refuse?: string;
  manual?: boolean;
  bool?: boolean;
}
interface CorpusFile {
  source: string;
  field?: string;
  items: Entry[];
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ file: f, data: YAML.parse(readFileSync(DIR + f, 'utf8')) as CorpusFile }));

type Outcome = 'read' | 'asked' | 'refused' | 'wrong';

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
}

/** What reading the entry's answer gave, against what it must give. */
function judge(e: Entry, r: Result<Value>): { outcome: Outcome; got: string } {
  const got = r.ok ? JSON.stringify(r.value) + (r.confirm ? ` ask:${r.confirm}` : '') : `refused: ${r.reason}`;
  if (e.refuse !== undefined) return { outcome: r.ok ? 'wrong' : 'read', got };
  if (!r.ok) return { outcome: 'refused', got };
  const v = r.value;
  if (e.ask) {
    const alt = r.alternatives;
    const same =
      alt &&
      alt[0].kind === 'number' &&
      alt[1].kind === 'number' &&
      close(alt[0].value, e.ask[0]) &&
      close(alt[1].value, e.ask[1]);
    return { outcome: same && r.confirm ? 'read' : 'wrong', got };
  }
  // A confirm question on a right value is asked back once; on a wrong value it is still wrong.
  let right: boolean;
  if (e.manual) right = v.kind === 'text' && v.notApplicable === true;
  else if (e.value !== undefined)
    right =
      v.kind === 'number' &&
      close(v.value, e.value) &&
      (e.upTo === undefined || (v.upTo !== undefined && close(v.upTo, e.upTo))) &&
      (e.parts === undefined ||
        JSON.stringify(v.parts?.map((p) => [p.label, p.value])) === JSON.stringify(Object.entries(e.parts)));
  else if (e.grade !== undefined)
    right =
      v.kind === 'qualitative' &&
      v.grade === e.grade &&
      (e.score === undefined || v.score === e.score) &&
      (e.days_late === undefined || v.daysLate === e.days_late);
  else if (e.met !== undefined) right = v.kind === 'checklist' && JSON.stringify(v.met) === JSON.stringify(e.met);
  else if (e.bool !== undefined) right = v.kind === 'bool' && v.value === e.bool;
  else right = false;
  if (!right) return { outcome: 'wrong', got };
  // A figure computed from parts is said back with how (a check, not a doubt); two readings are asked back.
  return { outcome: r.confirm && !r.how ? 'asked' : 'read', got };
}

function flowFor(e: Entry, i: number): string {
  const ind: Record<string, unknown> = {
    id: `i${i}`,
    level1: '产出指标',
    level2: '数量指标',
    name: e.name,
    weight: e.weight ?? 10,
    target: String(e.target),
  };
  if (e.rule) ind.rule = e.rule;
  if (e.unit) ind.unit = e.unit;
  if (e.measure) ind.measure = e.measure;
  if (e.points) ind.points = Array.from({ length: e.points }, (_, k) => `要点${k + 1}`);
  return YAML.stringify({ id: `corpus-${i}`, title: '语料', indicators: [ind] });
}

const rows: { file: string; e: Entry; outcome: Outcome; got: string }[] = [];
for (const { file, data } of files) {
  data.items.forEach((e, i) => {
    const loaded = loadFlowText(flowFor(e, i), file);
    if (!loaded.ok) throw new Error(`${file} #${i + 1} ${e.name}: ${loaded.errors.join('; ')}`);
    const r = readAnswer(loaded.flow, `i${i}`, String(e.answer));
    rows.push({ file, e, ...judge(e, r) });
  });
}

describe('the answer corpus', () => {
  it('has at least 300 answers, each with its source', () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
    for (const { file, data } of files) expect(data.source, file).toBeTruthy();
  });

  it('gives no wrong value, and prints coverage', () => {
    const count = (o: Outcome) => rows.filter((r) => r.outcome === o).length;
    const real = rows.filter((r) => !r.file.startsWith('shapes'));
    const pct = (n: number) => `${((100 * n) / rows.length).toFixed(1)}%`;
    const lines = [
      `answer corpus: ${rows.length} answers (${real.length} from published 自评表, ${rows.length - real.length} shapes) in ${files.length} files`,
      `  read ${count('read')} (${pct(count('read'))}), asked back ${count('asked')}, refused ${count('refused')}, wrong ${count('wrong')}`,
      ...rows
        .filter((r) => r.outcome !== 'read')
        .map((r) => `  ${r.outcome}: ${r.file} ${r.e.name}｜${r.e.target}｜${r.e.answer} → ${r.got}`),
    ];
    console.log(lines.join('\n'));
    expect(
      rows.filter((r) => r.outcome === 'wrong').map((r) => `${r.file} ${r.e.name} ${r.e.answer} → ${r.got}`),
    ).toEqual([]);
    expect(count('read') / rows.length).toBeGreaterThanOrEqual(0.98);
  });
});
