import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BindingCodes } from '../src/channels/wechat/binding-codes.js';
import { runDoctor } from '../src/cli/doctor-command.js';
import { runPeople } from '../src/cli/people-command.js';
import { backupDatabase } from '../src/store/backup.js';
import { migrations } from '../src/store/migrations.js';
import { StorageError } from '../src/store/open-database.js';
import { SqliteWechatRows } from '../src/store/sqlite/wechat-rows.js';
import { openDatabase } from '../src/store/sqlite-store.js';
import { cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';

// Issue 12, item 15: a consistent backup while the bot runs, and a doctor that says what to fix.
const keep = closeAfterEach();
const dir = () => {
  const d = tempDir('tianbao-ops-');
  keep(d, cleanup);
  return d;
};

describe('tianbao backup', () => {
  it('copies a database that is being written to, consistently, and checks the copy', async () => {
    const d = dir();
    const db = openDatabase(join(d, 'tianbao.db'));
    keep(db, (x) => x.close());
    const put = db.prepare('INSERT INTO wechat_state (key, value) VALUES (?, ?)');
    for (let i = 0; i < 2000; i++) put.run(`before-${i}`, 'x'.repeat(300));
    // The bot keeps writing while the backup runs.
    let writing = true;
    let n = 0;
    const writer = (async () => {
      while (writing) {
        put.run(`during-${n++}`, 'y'.repeat(300));
        await new Promise((r) => setImmediate(r));
      }
    })();
    const r = await backupDatabase(join(d, 'tianbao.db'), join(d, 'copy.db'));
    writing = false;
    await writer;
    const copy = new Database(r.file, { readonly: true });
    keep(copy, (x) => x.close());
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const count = (like: string) =>
      (copy.prepare('SELECT COUNT(*) AS n FROM wechat_state WHERE key LIKE ?').get(like) as { n: number }).n;
    expect(count('before-%')).toBe(2000);
    expect(n).toBeGreaterThan(0);
    expect(count('during-%')).toBeLessThanOrEqual(n);
  });

  it('never overwrites an existing file', async () => {
    const d = dir();
    openDatabase(join(d, 'tianbao.db')).close();
    writeFileSync(join(d, 'old.db'), 'yesterday');
    await expect(backupDatabase(join(d, 'tianbao.db'), join(d, 'old.db'))).rejects.toThrow(StorageError);
    expect(readFileSync(join(d, 'old.db'), 'utf8')).toBe('yesterday');
  });
});

describe('tianbao doctor', () => {
  let out: string[] = [];
  beforeEach(() => {
    out = [];
    vi.spyOn(console, 'log').mockImplementation((s) => void out.push(String(s)));
    vi.stubEnv('TIANBAO_FLOWS_DIR', FIXTURE_FLOWS);
    vi.stubEnv('WECHATY_PUPPET', '');
    vi.stubEnv('WECHATY_PUPPET_SERVICE_TOKEN', '');
    // Port 0: the console check never depends on what else listens on this machine.
    vi.stubEnv('CONSOLE_PORT', '0');
    vi.stubEnv('CONSOLE_URL', '');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('a healthy data dir passes, and the database is only read', async () => {
    const d = dir();
    openDatabase(join(d, 'tianbao.db')).close();
    vi.stubEnv('TIANBAO_DATA_DIR', d);
    expect(await runDoctor([])).toBe(0);
    expect(out).toContain(`✓ 数据库结构为最新（第 ${Math.max(...migrations.map((m) => m.version))} 版）`);
    // npm start serves the web console, and doctor says where and how to sign in.
    expect(out).toContain(
      '✓ 网页后台：npm start 时在 http://127.0.0.1:0 提供，启动时打印登录链接（也可运行 npx tianbao console link）',
    );
    expect(out.at(-1)).toBe('\n可以运行。');
  });

  it('a corrupt database and a bad setting are each named with what to do', async () => {
    const d = dir();
    writeFileSync(join(d, 'tianbao.db'), 'x'.repeat(4096));
    vi.stubEnv('TIANBAO_DATA_DIR', d);
    expect(await runDoctor([])).toBe(1);
    expect(out).toContain('✗ 数据库无法读取（SQLITE_NOTADB）\n    → 停止机器人，从 tianbao backup 的副本恢复');
    expect(readFileSync(join(d, 'tianbao.db'), 'utf8')).toBe('x'.repeat(4096));

    out = [];
    vi.stubEnv('ALLOW_ALL', 'maybe');
    expect(await runDoctor([])).toBe(1);
    expect(out[0]).toBe(
      '✗ ALLOW_ALL 应为 1 或 0（也可写 true/false、是/否），现为 "maybe"\n    → 改正 .env 中的这一项',
    );
  });
});

describe('tianbao people', () => {
  let out: string[] = [];
  beforeEach(() => {
    out = [];
    vi.spyOn(console, 'log').mockImplementation((s) => void out.push(String(s)));
    vi.spyOn(console, 'error').mockImplementation((s) => void out.push(String(s)));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('bind prints a code the bot accepts once; list shows it waiting; revoke cancels it', async () => {
    const d = dir();
    vi.stubEnv('TIANBAO_DATA_DIR', d);
    vi.stubEnv('ALLOWED_CONTACTS', '王科长');
    expect(await runPeople(['bind', '王科长'])).toBe(0);
    const code = /绑定码：(\d{6})$/.exec(out[0])?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect(out).toHaveLength(2); // no warning: 王科长 is allowed
    out = [];
    expect(await runPeople(['list'])).toBe(0);
    expect(out[0]).toBe('还没有识别任何联系人。');
    expect(out.slice(1, 2)).toEqual(['未使用的绑定码：']);
    const db = openDatabase(join(d, 'tianbao.db'));
    keep(db, (x) => x.close());
    expect(await new BindingCodes(new SqliteWechatRows(db)).redeem(code!, 'c1')).toEqual({ ok: true, key: '王科长' });

    out = [];
    await runPeople(['bind', '李科员']);
    expect(out[2]).toBe(
      '注意：「李科员」不在 ALLOWED_CONTACTS 或 ADMIN_CONTACTS 中，除非是填报任务的指派人，绑定后仍不能使用。',
    );
    out = [];
    expect(await runPeople(['revoke', '李科员'])).toBe(0);
    expect(out).toEqual(['已作废「李科员」未使用的绑定码。']);
  });

  it('explains its usage', async () => {
    expect(await runPeople(['bind'])).toBe(2);
    expect(out[0]).toContain('tianbao people bind <姓名或备注>');
    expect(await runPeople(['bind', '王科长', '--hours', '0'])).toBe(2);
    expect(out.at(-1)).toBe('--hours 应为 1 到 720 之间的整数，例如 --hours 72（现为 "0"）');
  });
});
