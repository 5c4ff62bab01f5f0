import { readdirSync } from 'node:fs';
import { afterEach, expect, it, vi } from 'vitest';
import { buildPgApp } from '../src/app/build-engine.js';
import { runDoctor } from '../src/cli/doctor-command.js';
import { cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';
import { describePg, throwawayDatabases } from './support/postgres.js';

async function doctor(): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((x) => void out.push(String(x)));
  try {
    return { code: await runDoctor([]), out: out.join('\n') };
  } finally {
    log.mockRestore();
  }
}

describePg('doctor on PostgreSQL (TIANBAO_DATABASE_URL)', () => {
  const dbs = throwawayDatabases('tbdoc');
  const keep = closeAfterEach();
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('names the backend and the schema, reads without creating anything, and says when the server is out of reach', async () => {
    const url = await dbs.fresh();
    const data = keep(tempDir('tianbao-doctor-pg-'), cleanup);
    vi.stubEnv('TIANBAO_DATA_DIR', data);
    vi.stubEnv('TIANBAO_FLOWS_DIR', FIXTURE_FLOWS);
    vi.stubEnv('CONSOLE_PORT', '0');
    vi.stubEnv('TIANBAO_DATABASE_URL', url);
    const empty = await doctor();
    expect(empty.out).toMatch(/✓ 数据库：PostgreSQL \d+\.\d+（postgres:\/\/.*），不使用 SQLite 文件/);
    expect(empty.out).toContain('! 数据库是空的，第一次启动时建表');
    expect(empty.out).toContain('npx tianbao db copy --to');
    expect(readdirSync(data)).toEqual([]);

    const app = buildPgApp({ dataDir: data, flowsDir: FIXTURE_FLOWS, databaseUrl: url });
    await app.store.ready;
    await app.close();
    expect((await doctor()).out).toMatch(/✓ 数据库结构为最新（第 \d+ 版）/);

    vi.stubEnv('TIANBAO_DATABASE_URL', 'postgres://postgres@127.0.0.1:1/none');
    const down = await doctor();
    expect(down.code).toBe(1);
    expect(down.out).toContain('✗ 数据库：PostgreSQL postgres://postgres@127.0.0.1:1/none 连不上');
    expect(down.out).toContain('→ 检查 TIANBAO_DATABASE_URL');
  });
});

it('doctor on SQLite names the backend and how to share one database', async () => {
  const data = tempDir('tianbao-doctor-sqlite-');
  try {
    vi.stubEnv('TIANBAO_DATA_DIR', data);
    vi.stubEnv('TIANBAO_FLOWS_DIR', FIXTURE_FLOWS);
    vi.stubEnv('CONSOLE_PORT', '0');
    vi.stubEnv('TIANBAO_DATABASE_URL', '');
    expect((await doctor()).out).toContain('✓ 数据库：SQLite（');
  } finally {
    vi.unstubAllEnvs();
    cleanup(data);
  }
});
