import { loadSettings } from '../app/settings.js';
import { CopyError, copySqliteToPostgres } from '../store/copy-to-postgres.js';
import { databaseFile } from '../store/open-database.js';
import { isPostgresUrl, redactUrl } from '../store/postgres/pool.js';

const USAGE =
  '用法：tianbao db copy --to postgres://用户:密码@主机:5432/库名 [--from data/tianbao.db] [--replace]\n' +
  '  把 SQLite 数据库整库复制到 PostgreSQL，逐表核对行数；目标库已有数据时需加 --replace 才会覆盖。';

/**
 * `tianbao db copy --to postgres://…`: moves a department's SQLite database into PostgreSQL (every table) and
 * checks the counts. Stop the bot first, or copy again before switching: what it writes meanwhile is not copied.
 */
export async function runDb(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'copy') {
    console.error(USAGE);
    return 2;
  }
  let to: string | undefined;
  let from: string | undefined;
  let replace = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--to') to = rest[++i];
    else if (a.startsWith('--to=')) to = a.slice(5);
    else if (a === '--from') from = rest[++i];
    else if (a.startsWith('--from=')) from = a.slice(7);
    else if (a === '--replace') replace = true;
    else {
      console.error(`不认识的参数 ${a}\n${USAGE}`);
      return 2;
    }
  }
  if (!isPostgresUrl(to)) {
    console.error(`缺少 --to 或地址不是 postgres://…\n${USAGE}`);
    return 2;
  }
  const file = from ?? databaseFile(loadSettings().dataDir);
  try {
    const tables = await copySqliteToPostgres(file, to, { replace });
    const total = tables.reduce((n, t) => n + t.postgres, 0);
    console.log(`已把 ${file} 复制到 ${redactUrl(to)}：${tables.length} 张表，共 ${total} 行，逐表行数一致。`);
    for (const t of tables) console.log(`  ${t.table.padEnd(22)} ${String(t.sqlite).padStart(8)} → ${t.postgres}`);
    console.log(`下一步：设置 TIANBAO_DATABASE_URL=${redactUrl(to)} 后重启机器人。`);
    return 0;
  } catch (e) {
    if (e instanceof CopyError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}
