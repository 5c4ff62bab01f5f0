import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '../src/core/flow/model.js';
import { parseControl } from '../src/engine/control.js';
import { continueTarget, titleOf } from '../src/engine/menu.js';
import type { AnswerRow, Outbound, SessionRow } from '../src/engine/ports.js';
import { isDone, questionsOf } from '../src/engine/questions.js';
import { ChatImport } from '../src/import/chat-import.js';
import { hecheng } from './fixtures/import/seed-forms.js';
import { writeDocx } from './fixtures/import/write-form.js';
import { ChatScript, cleanup, SEED_FLOWS, tempDir, useChatDatabase } from './support/chat.js';
import { describePg, throwawayDatabases } from './support/postgres.js';

// A clerk's random walk (issue 19): answers right and wrong, every command, questions, emoji, 暂停/继续/
// 换表/修改 at any point, on three forms at once — a 38-item department form (湘西 2022), the 共性 framework
// for a department's whole spending, and a form imported in the chat (鹤城 2020, a .docx sent with 导入).
// After every message: it was answered, on one phone screen, with no ids or code, never "位置没能恢复";
// 继续 went back exactly where the person was. After every walk: replaying the audit trail gives the rows.
// The walker is also an admin at the terminal who sends a form file (导入) at any point and answers 发布/取消
// between answers, and a coordinator returns (退回) their submitted forms at any point: nobody's place moves.
// RUNS × STEPS messages run in CI (4,500, about 20 s), and PG_RUNS × STEPS on PostgreSQL; TIANBAO_WALK_RUNS and TIANBAO_WALK_SEED search further,
// TIANBAO_WALK_PLACES=1 prints how often each place was reached.

const RUNS = Number(process.env.TIANBAO_WALK_RUNS ?? 30);
/** Fixed, so CI walks the same paths every time; TIANBAO_WALK_SEED=<n> walks others. */
const SEED = Number(process.env.TIANBAO_WALK_SEED ?? 19);
const STEPS = 150;
/** Walks on PostgreSQL (TIANBAO_WALK_PG_RUNS), where a server is reachable. */
const PG_RUNS = Number(process.env.TIANBAO_WALK_PG_RUNS ?? 15);

/** What a clerk types, besides the example the bot just showed (which must be accepted). */
const VOCABULARY = [
  // answers, right and wrong
  '好',
  '是',
  '不是',
  '否',
  '100',
  '90',
  '120',
  '0',
  '95%',
  '100%',
  '60%',
  '0.95',
  '3件',
  '0起',
  '达成',
  '部分达成 3',
  '未达成',
  '1、2',
  '全部符合',
  'abc',
  '很多',
  '-5',
  '1200%',
  '',
  '   ',
  '约95%',
  '100%（全部办结）',
  // reasons
  '个别案件涉及多部门，办理超期',
  '资金下达较晚，下年度提前申请拨付',
  '无',
  '采用',
  '不变',
  '1 6',
  '2 7 另外人员调整',
  // commands
  '帮助',
  '进度',
  '预览',
  '预览全部',
  '下一页',
  '上一题',
  '跳过',
  '下一题',
  '确认',
  '提交',
  '重新填写',
  '暂停',
  '取消',
  '继续',
  '开始',
  '换表',
  '帮我写',
  '修改 3 原因',
  '改原因 5',
  '修改 预算执行率',
  '修改 满意度',
  // questions about scores
  '为什么扣分',
  '哪些项扣分了',
  '总分怎么算的',
  '为啥只有95%？',
  '第3项怎么算的',
  '这个原因要写多少字呢？',
  // anything else
  '👍',
  '😂😂',
  '你好',
  '在吗',
  '1',
  '2',
  '3',
  '正定',
  '某'.repeat(2100),
];

type Step =
  | { kind: 'say'; text: string }
  | { kind: 'example' }
  /** A button pressed: one of the closed answers the last reply carried (WeCom shows them as buttons). */
  | { kind: 'button'; pick: number }
  | { kind: 'edit'; n: number }
  | { kind: 'menu'; n: number }
  /** The walker (an admin, as at the terminal) sends a form file in the middle of anything: 导入 <file>. */
  | { kind: 'import' }
  /** A coordinator returns the walker's submitted form (退回) with some of its items and a comment. */
  | { kind: 'return'; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 30, arbitrary: fc.constant<Step>({ kind: 'example' }) },
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 5 }).map((pick): Step => ({ kind: 'button', pick })) },
  { weight: 16, arbitrary: fc.constantFrom(...VOCABULARY).map((text): Step => ({ kind: 'say', text })) },
  // Leaving and coming back at any point, a pending check question included.
  { weight: 6, arbitrary: fc.constantFrom('暂停', '换表', '继续').map((text): Step => ({ kind: 'say', text })) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 45 }).map((n): Step => ({ kind: 'edit', n })) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }).map((n): Step => ({ kind: 'menu', n })) },
  // Reading a Word file is the slow step: about one message in 50.
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'import' }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 1000 }).map((pick): Step => ({ kind: 'return', pick })) },
);

let dir: string;
let chat: ChatScript;
/** The chat import in front of the conversation, as the terminal and WeChat put it (导入, 发布, 取消). */
let importer: ChatImport;
/** The form file the walkers import (鹤城 2020). */
let formFile: string;
let ids: string[];
let run = 0;
/** How often each place was the person's after a message: the walk must reach them all. */
const visited = new Map<string, number>();

/** The three forms and the admin's chat, on SQLite or (with `database`) on a fresh PostgreSQL database. */
async function setUp(database?: () => Promise<string>): Promise<void> {
  useChatDatabase(database ? await database() : undefined);
  visited.clear();
  dir = tempDir('tianbao-walk-');
  const flowsDir = join(dir, 'flows');
  mkdirSync(flowsDir);
  for (const f of ['xiangxi-2022-dept.yaml', 'gongxing-bumen-zhengti.yaml'])
    copyFileSync(join(SEED_FLOWS, f), join(flowsDir, f));
  chat = new ChatScript(join(dir, 'data'), flowsDir, '管理员');
  // The third form is imported the way a department does it: its Word file sent in the chat, then 发布.
  const file = join(dir, '鹤城自评表.docx');
  formFile = file;
  await writeDocx(hecheng, file);
  importer = new ChatImport({ isAdmin: () => true, flowsDir, reload: () => void chat.app.catalog.reload() });
  expect((await importer.handleText('管理员', `导入 ${file}`))?.join('\n')).toContain('回复「发布」');
  await importer.handleText('管理员', '发布');
  const flows = await chat.app.catalog.list('管理员');
  expect(flows).toHaveLength(3);
  expect(flows.map((f) => questionsOf(f).length)).toContain(38);
  // Ids a person must never see: the forms' and their items'.
  ids = flows.flatMap((f) => [f.id, ...f.fields.map((x) => x.id), ...f.indicators.map((x) => x.id)]);
  ids = [...new Set(ids)].filter((id) => id.length >= 5 && /[a-z]/.test(id));
}

async function tearDown(): Promise<void> {
  await chat?.close();
  if (dir) cleanup(dir);
  useChatDatabase(undefined);
}

/** The store's reads through the engine's port: the same walk on SQLite and on PostgreSQL. */
const store = () => chat.app.store;

/** The place a session is in, as 继续 must find it again (a pause or a 重新填写 question resolved). */
function placeOf(s: SessionRow, flow: Flow): string {
  const r = parseControl(s, flow);
  if (!r.ok) return `unreadable ${r.reason}`;
  const state = r.state === 'paused' || r.state === 'confirmRestart' ? (r.control.resumeTo ?? 'asking') : r.state;
  const c = r.control;
  return JSON.stringify([s.id, state, c.cursor, c.pending ?? null, c.check?.value ?? null, c.revision]);
}

const flowOf = (s: SessionRow) => chat.app.catalog.byHash(s.flowId, s.flowHash)!;

/** The rows the audit trail says a session has: every value, reason and score typed, in order; 重新填写 clears. */
async function replay(
  user: string,
  sessionId: number,
): Promise<Map<string, { value: string; reason: string | null; score: number | null }>> {
  const rows = new Map<string, { value: string; reason: string | null; score: number | null }>();
  for (const h of await store().historyOf(user)) {
    if (h.sessionId !== sessionId) continue;
    if (h.kind === 'restart') rows.clear();
    const prev = rows.get(h.itemId) ?? { value: '', reason: null, score: null };
    if (h.kind === 'value') rows.set(h.itemId, { ...prev, value: h.text, score: null });
    if (h.kind === 'reason') rows.set(h.itemId, { ...prev, reason: h.text });
    if (h.kind === 'score') rows.set(h.itemId, { ...prev, score: Number(h.text) });
  }
  return rows;
}

function texts(out: Outbound[]): string[] {
  return out.filter((o): o is Extract<Outbound, { kind: 'text' }> => o.kind === 'text').map((o) => o.text);
}

async function walk(steps: Step[]): Promise<void> {
  const user = `走查${++run}`;
  let last = '';
  let buttons: string[] = [];
  let n = 0;
  for (const s of steps) {
    if (s.kind === 'return') {
      await returnSubmitted(user, s.pick);
      continue;
    }
    const text =
      s.kind === 'say'
        ? s.text
        : s.kind === 'edit'
          ? `修改 ${s.n}`
          : s.kind === 'menu'
            ? String(s.n)
            : s.kind === 'import'
              ? `导入 ${formFile}`
              : s.kind === 'button'
                ? (buttons[s.pick % Math.max(1, buttons.length)] ?? '好')
                : ([...last.matchAll(/例如：(.+)/g)].pop()?.[1]?.trim() ?? '好');
    const before = await store().activeSession(user);
    const expected = text === '继续' ? await expectedAfterContinue(user, before) : undefined;
    const historyBefore = (await store().historyOf(user)).length;
    // As at the terminal: the chat import answers 导入, and 发布/取消 while an import waits; the rest is the form's.
    const imported = await importer.handleText(user, text);
    const out: Outbound[] = imported
      ? imported.map((t) => ({ kind: 'text', text: t }))
      : await chat.app.engine.handle({ id: `${user}-${++n}`, user, text });
    if (imported && before) {
      // Importing or publishing a form moves nobody: the person's place and rows are as they were.
      const now = await store().activeSession(user);
      expect(now && placeOf(now, flowOf(now)), `${user} 「${text.slice(0, 30)}」`).toBe(
        placeOf(before, flowOf(before)),
      );
    }
    const said = texts(out);
    const where = `${user} #${n} 「${text.slice(0, 30)}」 after:\n${last}\n→\n${said.join('\n---\n')}`;
    // Answered, on one phone screen each, in plain words.
    expect(said.length, where).toBeGreaterThan(0);
    for (const t of said) {
      expect(t.trim(), where).not.toBe('');
      expect([...t].length, where).toBeLessThanOrEqual(500);
      expect(t, where).not.toMatch(/\{\w+\}|undefined|NaN|\[object|位置没能恢复|>=|<=/);
      for (const id of ids) expect(t.includes(id), `${where}\nshows the id ${id}`).toBe(false);
    }
    // 帮我写's draft is taken by 采用 on every form: never a blank to fill, never a dead end.
    if (text === '采用' && !imported && before?.state === 'reason' && last.includes('回复「采用」直接使用')) {
      expect(said.join('\n'), where).toContain('已记录偏差原因');
      visited.set('采用 a draft', (visited.get('采用 a draft') ?? 0) + 1);
    }
    // What the bot shows as an example it accepts: the example of the question just asked, typed, is taken
    // (recorded, or asked about once), never refused.
    const asked = /第 \d+\/\d+ 项｜[\s\S]*\n例如：([^\n]+)(?:\n（当前答案：[^\n]*）)?$/.exec(last);
    if (s.kind === 'example' && !imported && before?.state === 'asking' && asked?.[1].trim() === text) {
      const now = await store().activeSession(user);
      const moved = now && (now.id !== before.id || placeOf(now, flowOf(now)) !== placeOf(before, flowOf(before)));
      expect(moved || (await store().historyOf(user)).length > historyBefore, `${where}\nthe example was refused`).toBe(
        true,
      );
      visited.set('example taken', (visited.get('example taken') ?? 0) + 1);
    }
    // The form the menu offers to continue is the one 继续 opens.
    const offered = /您有未完成的《(.+?)》/.exec(said.join('\n'))?.[1];
    if (offered) {
      const target = continueTarget(await store().sessionsOf(user));
      expect(target && titleOf(flowOf(target)), where).toBe(offered);
    }
    // 继续 goes back exactly where the person was.
    if (expected) {
      const now = await store().activeSession(user);
      expect(now && placeOf(now, flowOf(now)), where).toBe(expected);
    }
    // A value or reason said to be recorded is in the audit trail of this very turn.
    if (said.some((t) => /已记录(?!人工)/.test(t)))
      expect((await store().historyOf(user)).length, where).toBeGreaterThan(historyBefore);
    // The session's count of answered questions is the rows' own.
    const cur = await store().activeSession(user);
    if (cur) {
      const rows = new Map((await store().answers(cur.id)).map((r) => [r.itemId, r]));
      const done = questionsOf(flowOf(cur)).filter((q) => isDone(q, rows.get(q.id))).length;
      expect(cur.answered, where).toBe(done);
    }
    last = said.join('\n');
    buttons = out.flatMap((o) => (o.kind === 'text' ? (o.choices ?? []) : []));
    for (const place of await placesOf(user, cur)) visited.set(place, (visited.get(place) ?? 0) + 1);
  }
  // Replaying the audit trail gives the same rows: no answer lost, none written without a trace.
  for (const s of await store().sessionsOf(user)) {
    const expected = await replay(user, s.id);
    const rows = (await store().answers(s.id)).filter(
      (r: AnswerRow) => r.value !== '' || r.reason || (r.score !== null && r.score !== undefined),
    );
    const actual = new Map(
      rows.map((r) => [r.itemId, { value: r.value, reason: r.reason ?? null, score: r.score ?? null }]),
    );
    expect(Object.fromEntries(actual), `${user} session ${s.id}`).toEqual(
      Object.fromEntries([...expected].filter(([, r]) => r.value !== '' || r.reason || r.score !== null)),
    );
  }
}

/** The places a person is in after a message: the chart's state, and the situations the walk must reach. */
async function placesOf(user: string, cur: SessionRow | undefined): Promise<string[]> {
  const places = [cur ? cur.state : 'menu'];
  if (importer.isWaiting(user)) places.push('import waiting');
  // At the menu after 换表 (or paused) with a check question pending: 继续 must come back to it.
  const away = cur ? undefined : continueTarget(await store().sessionsOf(user));
  if (away && parseControl(away, flowOf(away)).ok && away.state === 'checking') places.push('left at a check');
  if (cur) {
    const r = parseControl(cur, flowOf(cur));
    if (r.ok && r.state === 'paused' && r.control.check) places.push('left at a check');
    if (r.ok && r.control.returned) places.push(`returned, ${r.state}`);
    if (r.ok && r.control.revision > 0 && r.state !== 'submitted') places.push('changed after submission');
  }
  return places;
}

/**
 * 退回 from the console: the latest submitted version of one of the walker's forms goes back with a few of its
 * items. The person's place is not moved; that session goes to the review, naming the items.
 */
async function returnSubmitted(user: string, pick: number): Promise<void> {
  const sessions = await store().sessionsOf(user);
  const latest = [...new Map(sessions.map((s) => [s.flowId, s])).values()].filter((s) => s.status === 'submitted');
  const session = latest[pick % Math.max(1, latest.length)];
  if (!session) return;
  const flow = flowOf(session);
  const items = flow.indicators.filter((_, i) => i % 7 === pick % 7).map((x) => x.id);
  const active = await store().activeSession(user);
  const placeBefore = active && active.id !== session.id ? placeOf(active, flowOf(active)) : undefined;
  const ok = await chat.app.engine.reopenForReturn(user, session.flowId, {
    revision: session.revision,
    items,
    comment: '请核对这几项的数据来源',
  });
  expect(ok, `${user} 退回 ${session.id}`).toBe(true);
  const after = (await store().sessionsOf(user)).find((s) => s.id === session.id)!;
  const r = parseControl(after, flow);
  // From 已提交 to the review; anywhere else in the form (an item looked at, paused, a check) the place stays.
  expect(r.ok && r.state, `${user} 退回 ${session.id}`).toBe(session.state === 'submitted' ? 'review' : session.state);
  expect(r.ok && r.control.returned?.items).toEqual(items);
  expect(after.status).toBe('open');
  expect(after.revision).toBe(session.revision);
  if (placeBefore) {
    const now = (await store().activeSession(user))!;
    expect(placeOf(now, flowOf(now))).toBe(placeBefore);
  }
  visited.set('退回', (visited.get('退回') ?? 0) + 1);
}

/** Where 继续 must take the person: their open form's place, or at the menu the form they last worked on. */
async function expectedAfterContinue(user: string, active: SessionRow | undefined): Promise<string | undefined> {
  const target = active ?? continueTarget(await store().sessionsOf(user));
  return target ? placeOf(target, flowOf(target)) : undefined;
}

/** `runs` walks of STEPS messages, on SQLite or (with `database`) on PostgreSQL. */
function walks(runs: number, database?: () => Promise<string>): void {
  beforeAll(() => setUp(database), 60_000);
  afterAll(tearDown);
  it(`keeps every answer and every place (${runs} walks of ${STEPS} messages)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(step, { minLength: STEPS, maxLength: STEPS }),
        // Each walk starts by choosing one of the three forms, as a clerk would.
        (form, steps) => walk([{ kind: 'menu', n: form }, ...steps]),
      ),
      { numRuns: runs, seed: SEED, endOnFailure: true },
    );
    if (process.env.TIANBAO_WALK_PLACES) console.log(JSON.stringify(Object.fromEntries(visited)));
    // The walk is not stuck at the start: it reached every place a person can be.
    for (const place of [
      'menu',
      'asking',
      'reason',
      'manual',
      'checking',
      'review',
      'submitted',
      'paused',
      'confirmRestart',
      'left at a check',
      'import waiting',
      '退回',
      'returned, review',
      'changed after submission',
      '采用 a draft',
      'example taken',
    ])
      expect(visited.get(place) ?? 0, `${place} in ${JSON.stringify([...visited])}`).toBeGreaterThan(0);
  }, 600_000);
}

describe('a clerk’s random walk over three forms [SQLite]', () => walks(RUNS));

// The same walks on PostgreSQL: fewer of them (a turn there waits on the server's commit; 15 still reach every
// place), the same checks after every message and the same replay of the audit trail after every walk.
describePg('a clerk’s random walk over three forms [PostgreSQL]', () => {
  const dbs = throwawayDatabases('tbwalk');
  walks(PG_RUNS, () => dbs.fresh());
});
