import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, tempDir } from './support/chat.js';

const BIN = resolve(import.meta.dirname, '../bin/tianbao.mjs');
const DEMO = resolve(import.meta.dirname, 'fixtures/flows/demo.yaml');
const dir = tempDir();
afterAll(() => cleanup(dir));

function score(answers: unknown, ...extra: string[]) {
  const file = join(dir, `a${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof answers === 'string' ? answers : JSON.stringify(answers));
  const r = spawnSync(process.execPath, [BIN, 'score', '--flow', extra[0] ?? DEMO, '--answers', file, '--json'], {
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr, json: r.stdout ? JSON.parse(r.stdout) : undefined };
}

const full = {
  org_name: '示例信访局',
  budget_total: '100',
  budget_spent: '96.5',
  settle_rate: { value: '93%', reason: '个别案件超期' },
  incidents: '0起',
  stability: '部分达成 13',
  satisfaction: '92%',
};

describe('tianbao score --json', () => {
  it('scores every item by its rule and the total is the sum of the printed scores', () => {
    const r = score(full);
    expect(r.code).toBe(0);
    const byId = Object.fromEntries(r.json.items.map((i: { id: string }) => [i.id, i]));
    // 96.5/100 = 96.5%: 3.5 points below 100 at 1 point each → 6.5/10.
    expect(byId.budget_exec_rate.score).toBe(6.5);
    // 93%: 2 below 95 × 2 = 4 lost → 36.
    expect(byId.settle_rate.score).toBe(36);
    expect(byId.settle_rate.explanation).toContain('得分36/40');
    expect(byId.incidents.score).toBe(20);
    expect(byId.stability.score).toBe(13);
    // 按群众满意百分比: 92% × 10 = 9.2.
    expect(byId.satisfaction.score).toBe(9.2);
    // 6.5 + 36 + 20 + 13 + 9.2 = 84.7 → 良.
    expect(r.json.total).toBe(84.7);
    expect(r.json.max).toBe(100);
    expect(r.json.grade).toBe('良');
    const sum = r.json.items.reduce((s: number, i: { score: number }) => s + i.score, 0);
    expect(Math.round(sum * 100) / 100).toBe(r.json.total);
    expect(Object.keys(r.json.items[0])).toEqual(
      expect.arrayContaining(['id', 'name', 'score', 'max', 'status', 'explanation']),
    );
  });

  it('exits 1 when an answer is invalid, still printing the JSON with the error', () => {
    const r = score({ ...full, incidents: '-3起', satisfaction: 'abc' });
    expect(r.code).toBe(1);
    const bad = r.json.items.filter((i: { status: string }) => i.status === 'invalid');
    expect(bad.map((i: { id: string }) => i.id)).toEqual(['incidents', 'satisfaction']);
    for (const i of bad) {
      expect(i.score).toBeNull();
      expect(i.error).toMatch(/例如/);
    }
  });

  it('exits 2 naming file and path when the flow cannot be used, and on a broken answers file', () => {
    const badFlow = join(dir, 'bad.yaml');
    writeFileSync(
      badFlow,
      'id: x\ntitle: t\nindicators:\n  - {id: a, level1: a, level2: b, name: c, weight: 五, target: "100%"}\n',
    );
    const r = score(full, badFlow);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.yaml: indicators\[0\]\.weight: 应为正数，实际为 "五"/);
    const r2 = score('{not json');
    expect(r2.code).toBe(2);
    expect(r2.err).toContain('不是有效的 JSON');
  });

  it('an item whose rule cannot be read is manual with a null score, unless a person gives one', () => {
    const flow = join(dir, 'manual.yaml');
    writeFileSync(
      flow,
      'id: m\ntitle: t\nindicators:\n  - {id: a, level1: 产出, level2: 数量, name: 信访办结率, weight: 10, target: "100%", rule: "未办结1件，扣相应分值"}\n',
    );
    const r = score({ a: '98%' }, flow);
    expect(r.json.items[0]).toMatchObject({ status: 'manual', score: null });
    expect(r.json.items[0].explanation).toContain('扣相应分值');
    expect(r.code).toBe(0);
    const r2 = score({ a: { value: '98%', score: 8 } }, flow);
    expect(r2.json.items[0]).toMatchObject({ status: 'scored', score: 8 });
    expect(r2.json.total).toBe(8);
  });
});
