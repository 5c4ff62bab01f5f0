import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runFlows } from '../src/cli/flows-command.js';
import { loadFlowText } from '../src/core/flow/load.js';
import { DirFlowCatalog } from '../src/engine/flow-catalog.js';
import { loadFlowFile, loadFlowsDir } from '../src/flows/read-flows.js';
import { SEED_FLOWS } from './support/chat.js';

const good = `
id: t
title: 测试表
indicators:
  - {id: a, level1: 产出指标, level2: 数量指标, name: 办结率, weight: 60, target: "≥95%", rule: "100%计满分，每低于1%扣1分，扣完为止"}
  - {id: b, level1: 效益指标, level2: 社会效益, name: 社会稳定, weight: 40, target: 稳定}
`;

describe('a flow file is checked at load, and a bad one names file, field path and reason', () => {
  it('loads a good flow, inferring measures and reading the rule', () => {
    const r = loadFlowText(good, 'flows/t.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.flow.indicators.map((i) => i.measure)).toEqual(['percent', 'qualitative']);
    expect(r.flow.indicators[0].ruleParsed.kind).toBe('step');
    expect(r.flow.warnings).toEqual([]);
    expect(r.flow.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a weight written in Chinese is rejected with its path', () => {
    const r = loadFlowText(good.replace('weight: 40', 'weight: 五'), 'flows/x.yaml');
    expect(r).toEqual({ ok: false, errors: ['flows/x.yaml: indicators[1].weight: 应为正数，实际为 "五"'] });
  });

  it.each([
    ['a missing title', good.replace('title: 测试表\n', ''), 'flows/x.yaml: title: 缺少此项'],
    [
      'an unknown key',
      good.replace('title: 测试表', 'title: 测试表\ncolour: red'),
      'flows/x.yaml: (根): 不认识的键：colour',
    ],
    [
      'a negative weight',
      good.replace('weight: 40', 'weight: -4'),
      'flows/x.yaml: indicators[1].weight: 应为正数，实际为 -4',
    ],
    [
      'a duplicate id',
      good.replace('{id: b,', '{id: a,'),
      'flows/x.yaml: indicators[1].id: id "a" 与 indicators[0] 重复',
    ],
    [
      'a formula naming an unknown field',
      good.replace('target: 稳定}', 'target: "100%", formula: "spent / budget * 100"}'),
      'flows/x.yaml: indicators[1].formula: 公式引用了不存在的数值字段或指标 "spent"',
    ],
    [
      'a bad measure',
      good.replace('target: 稳定}', 'target: 稳定, measure: 定性}'),
      'flows/x.yaml: indicators[1].measure: measure 应为',
    ],
    ['broken YAML', 'id: x\ntitle: [unclosed', 'flows/x.yaml: 第2行: YAML 格式错误'],
    ['no indicators', 'id: t\ntitle: 空表\nindicators: []\n', 'flows/x.yaml: indicators: 至少需要一个指标'],
  ])('%s', (_what, text, expected) => {
    const r = loadFlowText(text, 'flows/x.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.some((e) => e.startsWith(expected))).toBe(true);
  });

  it('weights that do not add up and a rule whose full marks differ from the weight are warnings, not errors', () => {
    const text = good
      .replace('weight: 40', 'weight: 2')
      .replace(
        'target: 稳定}',
        'target: "0%", rule: "“三公经费”变动率为0，计5分；“三公经费”＞0，每超过一个百分点扣1分，扣完为止"}',
      );
    const r = loadFlowText(text, 'flows/x.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.flow.warnings).toContain('各指标分值合计 62 分，与表单总分 100 分不符');
    expect(r.flow.warnings.some((w) => w.includes('评分标准写满分 5 分，但分值为 2 分'))).toBe(true);
  });

  it('every seed flow in flows/ loads', () => {
    const set = loadFlowsDir(SEED_FLOWS);
    expect(set.errors).toEqual([]);
    expect(set.flows.length).toBeGreaterThanOrEqual(17);
    // The 湘西 rule cut at a page break cannot be scored: it is manual, with the reason.
    const xx = set.flows.find((f) => f.id === 'xiangxi-2022-dept')!;
    expect(xx.warnings.some((w) => w.includes('州长信箱交办案件按期办结率') && w.includes('需人工评分'))).toBe(true);
  });
});

describe('a hostile or broken flow file is skipped, and the other forms stay available', () => {
  /** 9 levels of 10 aliases each: a billion strings if expanded. */
  const aliasBomb = () => {
    const lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(',')}]`,
      );
    return `${lines.join('\n')}\nid: bomb\ntitle: 炸弹\nindicators: *a8\n`;
  };

  function dirWith(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'tianbao-flows-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  it('refuses a YAML alias bomb with a reason instead of expanding it', () => {
    expect(loadFlowText(aliasBomb(), 'flows/bomb.yaml')).toEqual({
      ok: false,
      errors: ['flows/bomb.yaml: YAML 别名（*引用）展开过多，上限 100 次'],
    });
  });

  it('refuses a file over 1 MB, before reading it', () => {
    const huge = `${good}# ${'填'.repeat(400_000)}\n`;
    expect(loadFlowText(huge, 'flows/huge.yaml')).toEqual({
      ok: false,
      errors: [`flows/huge.yaml: 文件过大（${Buffer.byteLength(huge)} 字节，上限 1000000 字节）`],
    });
    const dir = dirWith({ 'huge.yaml': huge });
    expect(loadFlowFile(join(dir, 'huge.yaml'))).toEqual({
      ok: false,
      errors: [`${join(dir, 'huge.yaml')}: 文件过大（${Buffer.byteLength(huge)} 字节，上限 1000000 字节）`],
    });
  });

  it('a formula nested 10,000 deep costs that form only', () => {
    const deep = good.replace(
      'target: 稳定}',
      `target: "100%", formula: "${'('.repeat(10_000)}1${')'.repeat(10_000)}"}`,
    );
    const r = loadFlowText(deep, 'flows/deep.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^flows\/deep\.yaml: /);
  });

  it('rejects a weight of 1e308 (总分 would print Infinity) and other absurd numbers', () => {
    const r = loadFlowText(good.replace('weight: 40', 'weight: 1e308').replace('weight: 60', 'weight: .inf'), 'x.yaml');
    expect(r).toEqual({
      ok: false,
      errors: [
        'x.yaml: indicators[0].weight: 应为正数，实际为 Infinity',
        'x.yaml: indicators[1].weight: 应为不超过 1000 的正数，实际为 1e+308',
      ],
    });
    const tiers = good.replace(
      'target: 稳定}',
      'target: "100%", scoring: {kind: tiers, tiers: [{min: -1e300, score: 40}]}}',
    );
    expect(loadFlowText(tiers, 'x.yaml')).toEqual({
      ok: false,
      errors: ['x.yaml: indicators[1].scoring.tiers[0].min: 数值过小，实际为 -1e+300'],
    });
  });

  it("words zod's own messages in Chinese (zod's zh-CN locale)", () => {
    const r = loadFlowText(good.replace('title: 测试表', 'title: 测试表\nversion: 第一版'), 'x.yaml');
    expect(r).toEqual({ ok: false, errors: ['x.yaml: version: 无效输入：期望 数字，实际接收 string'] });
  });

  it('a directory with a bomb, a broken file and a good form still offers the good form, and says why the others were skipped', () => {
    const dir = dirWith({
      'a-bomb.yaml': aliasBomb(),
      'b-broken.yaml': 'id: x\ntitle: [unclosed',
      'c-good.yaml': good,
    });
    const set = loadFlowsDir(dir);
    expect(set.flows.map((f) => f.id)).toEqual(['t']);
    expect(set.skipped.map((s) => s.file)).toEqual([join(dir, 'a-bomb.yaml'), join(dir, 'b-broken.yaml')]);
    expect(set.errors[0]).toBe(`${join(dir, 'a-bomb.yaml')}: YAML 别名（*引用）展开过多，上限 100 次`);
    // what `start` and `chat` build on
    const catalog = new DirFlowCatalog(dir);
    expect(catalog.flows.map((f) => f.id)).toEqual(['t']);
    expect(catalog.errors).toEqual(set.errors);
  });

  it('`flows check` lists the good form, prints why each bad file was skipped, and exits 2', async () => {
    const dir = dirWith({ 'a-bomb.yaml': aliasBomb(), 'c-good.yaml': good });
    const out: string[] = [];
    const err: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((s) => void out.push(String(s)));
    const error = vi.spyOn(console, 'error').mockImplementation((s) => void err.push(String(s)));
    try {
      expect(await runFlows(['check', dir])).toBe(2);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
    expect(out).toEqual([`✓ ${join(dir, 'c-good.yaml')}  t  测试表  2项  分值合计100`]);
    expect(err).toEqual([`✗ ${join(dir, 'a-bomb.yaml')}: YAML 别名（*引用）展开过多，上限 100 次`]);
  });
});
