import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ChatScript, cleanup, closeAfterEach, tempDir } from './support/chat.js';

// Made by the code on main before answers became rows (snapshot per session, migrations 1–3):
// 张三 was asked the 偏差原因 of 信访事项办结率 (93%), 李四 had submitted version 1 (99.5), 王五 had
// answered 单位名称 only.
const MAIN_DB = resolve(import.meta.dirname, 'fixtures/engine/main-v3.sqlite');

const keep = closeAfterEach();

function oldDatabase(prepare?: (db: Database.Database) => void): string {
  const dataDir = keep(tempDir(), cleanup);
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(MAIN_DB, join(dataDir, 'tianbao.db'));
  if (prepare) {
    const db = new Database(join(dataDir, 'tianbao.db'));
    prepare(db);
    db.close();
  }
  return dataDir;
}

const open = (dataDir: string, user: string) => keep(new ChatScript(dataDir, undefined, user), (c) => c.close());

describe('a database made by the previous version upgrades in place with nothing lost', () => {
  it('a person who was asked a 偏差原因 is asked it still, with every answer kept as a row', async () => {
    const zhang = open(oldDatabase(), '张三');
    const rows = zhang.app.sqlite!.answers(1);
    expect(Object.fromEntries(rows.map((r) => [r.itemId, [r.value, r.reason ?? null]]))).toEqual({
      org_name: ['示例信访局', null],
      budget_total: ['100', null],
      budget_spent: ['90', null],
      budget_exec_rate: ['', '资金下达晚'],
      settle_rate: ['93%', null],
    });
    expect(await zhang.say('进度')).toBe('已填 4/7 项。下一项：第 5 项 重大群体性事件。');
    const next = await zhang.say('个别案件涉及多部门，办理超期');
    expect(next).toContain('已记录偏差原因。');
    expect(next).toContain('第 5/7 项｜产出指标 › 质量指标 › 重大群体性事件');
  });

  it('a submitted form stays submitted: 进度 says which version and score, 确认 makes no new version', async () => {
    const li = open(oldDatabase(), '李四');
    expect(await li.say('进度')).toBe(
      '《项目支出绩效自评表》已提交第 1 版，总分 99.5 分。如需修改，回复「修改 序号」，改完再回复「确认」生成新版本。',
    );
    expect(await li.say('确认')).toBe('内容没有变化，仍是第 1 版，不再生成新版本。如需修改，回复「修改 序号」。');
    expect(li.app.sqlite!.reportsOf('李四').map((r) => r.revision)).toEqual([1]);
  });

  it('a person halfway through the header goes on at the next question', async () => {
    const wang = open(oldDatabase(), '王五');
    expect(await wang.say('继续')).toContain('第 2/7 项｜全年预算数（万元）');
  });

  it('a snapshot that could not be read still gives up its answers, rebuilt from the audit trail', async () => {
    const dataDir = oldDatabase((db) => {
      const at = '2026-11-30T10:00:00.000Z';
      const id = Number(
        db
          .prepare(
            `INSERT INTO sessions (user_key, flow_id, flow_hash, status, snapshot, snapshot_version, revision, answered, total, created_at, updated_at)
             VALUES ('赵六', 'demo', '383cecaa4fc48af6', 'open', '{not json', 1, 0, 2, 7, ?, ?)`,
          )
          .run(at, at).lastInsertRowid,
      );
      const h = db.prepare(
        "INSERT INTO answer_history (session_id, user_key, item_id, kind, text, at) VALUES (?, '赵六', ?, 'value', ?, ?)",
      );
      h.run(id, 'org_name', '示例信访局', at);
      h.run(id, 'budget_total', '200', at);
      db.prepare("INSERT INTO users (user_key, active_session_id) VALUES ('赵六', ?)").run(id);
    });
    const zhao = open(dataDir, '赵六');
    const r = await zhao.say('进度');
    expect(r).toContain('已按您保存的答案接着问');
    expect(r).toContain('第 3/7 项｜全年执行数');
    expect(await zhao.say('进度')).toBe('已填 2/7 项。下一项：第 3 项 全年执行数。');
  });
});
