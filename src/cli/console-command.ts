import { mkdirSync } from 'node:fs';
import { loadSettings, type Settings, SettingsError } from '../app/settings.js';
import { ConsoleAuth, LINK_TTL_MS } from '../console/auth.js';
import { openTables } from '../store/open-tables.js';

const USAGE = `用法：
  tianbao console link    打印一个新的网页后台登录链接（${LINK_TTL_MS / 60_000} 分钟内有效，只能用一次）`;

/** The address people open: CONSOLE_URL, else the host and port the bot listens on (a wildcard host as this machine). */
export function consoleUrl(env: Settings['env']): string {
  if (env.CONSOLE_URL) return env.CONSOLE_URL.replace(/\/+$/, '');
  const host = !env.CONSOLE_HOST || /^(0\.0\.0\.0|::|\[::\])$/.test(env.CONSOLE_HOST) ? '127.0.0.1' : env.CONSOLE_HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.CONSOLE_PORT}`;
}

/** Whether a console answers at the address (its sign-in page says 401 to a stranger); never longer than 1.5 s. */
export async function consoleRunning(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/signin-needed`, { signal: AbortSignal.timeout(1500), redirect: 'manual' });
    await res.body?.cancel();
    return res.status === 401;
  } catch {
    return false;
  }
}

/**
 * `tianbao console link`: a fresh one-time sign-in link written to the database the running bot reads, so it signs in
 * without a restart and without an admin on chat. Exit 0 with the link, 2 on a bad setting or usage.
 */
export async function runConsole(argv: string[]): Promise<number> {
  if (argv[0] !== 'link' || argv.length > 1) {
    console.error(USAGE);
    return 2;
  }
  let settings: Settings;
  try {
    settings = loadSettings();
  } catch (e) {
    if (!(e instanceof SettingsError)) throw e;
    console.error(e.message);
    return 2;
  }
  if (!settings.env.CONSOLE) {
    console.error('网页后台已关闭（.env 里 CONSOLE=off）。删去这一行后重新 npm start，再运行本命令。');
    return 1;
  }
  let token: string;
  // The running bot reads sign-in links from the same database (PostgreSQL with TIANBAO_DATABASE_URL).
  if (!settings.databaseUrl) mkdirSync(settings.dataDir, { recursive: true });
  const tables = await openTables(settings);
  try {
    token = await new ConsoleAuth(tables.console.auth).issueLink();
  } finally {
    await tables.close();
  }
  const url = consoleUrl(settings.env);
  console.log(`${url}/signin/${token}`);
  console.error(
    (await consoleRunning(url))
      ? `用浏览器打开上面的链接登录网页后台（${LINK_TTL_MS / 60_000} 分钟内有效，只能用一次，请勿转发）。`
      : `网页后台现在没有在 ${url} 运行：先 npm start，再在 ${LINK_TTL_MS / 60_000} 分钟内打开上面的链接（或启动后重新运行本命令）。`,
  );
  return 0;
}
