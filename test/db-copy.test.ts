import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it, vi } from 'vitest';
import { buildPgApp } from '../src/app/build-engine.js';
import { runDb } from '../src/cli/db-command.js';
import { openPool } from '../src/store/postgres/pool.js';
import { ChatScript, cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';
import { describePg, throwawayDatabases } from './support/postgres.js';

/** Runs `tianbao db copy …` and returns its exit code with what it printed. */
async function db(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void lines.push(a.join(' ')));
  const err = vi.spyOn(console, 'error').mockImplementation((...a) => void lines.push(a.join(' ')));
  try {
    return { code: await runDb(argv), out: lines.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

/** Every table's rows, as sorted JSON lines (numbers as numbers): what must be the same on both sides. */
function sqliteRows(file: string): Record<string, string[]> {
  const d = new Database(file, { readonly: true });
  const out: Record<string, string[]> = {};
  const tables = d
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'",
    )
    .all() as { name: string }[];
  for (const { name } of tables) out[name] = (d.prepare(`SELECT * FROM ${name}`).all() as object[]).map(canon).sort();
  d.close();
  return out;
}

async function pgRows(url: string, tables: string[]): Promise<Record<string, string[]>> {
  // The app's pool: BIGINT columns read back as numbers, as from SQLite.
  const pool = openPool(url);
  const out: Record<string, string[]> = {};
  try {
    for (const t of tables) out[t] = (await pool.query(`SELECT * FROM ${t}`)).rows.map(canon).sort();
  } finally {
    await pool.end();
  }
  return out;
}

const canon = (r: object) =>
  JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))));

describePg('tianbao db copy --to postgres://…', () => {
  const dbs = throwawayDatabases('tbcopy');
  const keep = closeAfterEach();

  it('copies every table, checks the counts, refuses a non-empty target, and the chat goes on on PostgreSQL', async () => {
    const dataDir = keep(tempDir(), cleanup);
    const chat = new ChatScript(dataDir, FIXTURE_FLOWS);
    for (const m of ['开始', '好', '100', '100', '95%', '0起', '稳定', '95%', '确认']) await chat.say(m);
    await chat.say('开始', { user: '李四' });
    await chat.say('好', { user: '李四' });
    // Rows of the other tables, as the channels, campaigns and console write them.
    const raw = chat.app.sqlite!.db;
    raw.exec(`
      INSERT INTO campaigns (flow_id, title, deadline, tz, offsets, quiet, created_at) VALUES ('demo', '2025年度自评', '2026-12-31T16:00:00Z', 'Asia/Shanghai', '-3d', '21:30-08:30', '2026-12-01T00:00:00Z');
      INSERT INTO campaign_assignees (campaign_id, user_key, added_at) VALUES (1, '张三', '2026-12-01T00:00:00Z');
      INSERT INTO campaign_jobs (campaign_id, kind, slot, due_at, before_minutes) VALUES (1, 'urge', '-3d', '2026-12-28T16:00:00Z', 4320);
      INSERT INTO outbox (to_key, kind, body, enqueue_key, status, next_at, created_at, channel, choices) VALUES ('张三', 'text', '请填写', 'urge:1:张三', 'queued', 1764547200000, '2026-12-01T00:00:00Z', 'wechat', '["是","否"]');
      INSERT INTO outbox_keys (key, at) VALUES ('urge:1:张三', '2026-12-01T00:00:00Z');
      INSERT INTO wechat_contacts (contact_id, user_key, name, alias, login_id, seen_at, via) VALUES ('wxid_1', '张三', '张三', '张三', 'bot', '2026-12-01T00:00:00Z', 'alias');
      INSERT INTO people_codes (code_hash, user_key, created_at, expires_at) VALUES ('abc', '李四', '2026-12-01T00:00:00Z', 1764633600000);
      INSERT INTO people_attempts (kind, who, at, ok) VALUES ('code', 'wxid_2', 1764547200000, 0);
      INSERT INTO console_links (token_hash, expires_at, created_at) VALUES ('h1', 1764633600000, '2026-12-01T00:00:00Z');
      INSERT INTO people_names (user_key, name, updated_at) VALUES ('ZhangSan', '张三', '2026-12-01T00:00:00Z');
    `);
    await chat.close();
    const file = join(dataDir, 'tianbao.db');
    const before = sqliteRows(file);
    expect(before.answers!.length).toBeGreaterThan(5);

    const url = await dbs.fresh();
    const first = await db(['copy', '--to', url, '--from', file]);
    expect(first.code).toBe(0);
    expect(first.out).toContain('逐表行数一致');
    expect(first.out).toMatch(/answers\s+\d+ → \d+/);
    expect(await pgRows(url, Object.keys(before))).toEqual(before);
    expect(before.people_names).toHaveLength(1);

    // A second copy into the same database is refused, and nothing is changed; --replace copies again.
    const again = await db(['copy', '--to', url, '--from', file]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('目标数据库已有数据');
    expect(again.out).toContain('--replace');
    expect((await db(['copy', '--to', url, '--from', file, '--replace'])).code).toBe(0);
    expect(await pgRows(url, Object.keys(before))).toEqual(before);

    // The bot on PostgreSQL: 李四 goes on where he was, new rows get new ids.
    const app = keep(buildPgApp({ dataDir, flowsDir: FIXTURE_FLOWS, databaseUrl: url }), (a) => a.close());
    const next = await app.engine.handle({ id: 'after-copy-1', user: '李四', text: '100' });
    expect(next.map((o) => (o.kind === 'text' ? o.text : '')).join('\n')).toContain('第 3/7 项');
    await app.engine.handle({ id: 'after-copy-2', user: '王五', text: '开始' });
    const sessions = await app.store.sessionsOf('王五');
    expect(sessions[0]!.id).toBe(3);
  });

  it('says what is wrong without copying: no SQLite file, no URL', async () => {
    const url = await dbs.fresh();
    const missing = await db(['copy', '--to', url, '--from', join(tempDir(), 'none.db')]);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('没有找到 SQLite 数据库');
    expect((await db(['copy'])).code).toBe(2);
    expect((await db(['copy', '--to', 'mysql://x'])).out).toContain('postgres://');
  });
});
