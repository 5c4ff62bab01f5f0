import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statfsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { loadSettings, type Settings, SettingsError } from '../app/settings.js';
import { loadFlowsDir } from '../core/flow/load.js';
import { inspectSqlite } from '../store/inspect-sqlite.js';
import { migrations } from '../store/migrations.js';
import { databaseFile } from '../store/open-database.js';
import { inspectPg, type PgHealth } from '../store/postgres/inspect.js';
import { redactUrl } from '../store/postgres/pool.js';
import { consoleRunning, consoleUrl } from './console-command.js';

type Check = { ok: boolean | 'warn'; what: string; fix?: string };

/**
 * `tianbao doctor`: checks what the bot needs to run and prints, for each problem, what to do. Reads only — it
 * never creates, migrates or repairs anything. Exit 1 when something must be fixed, 0 otherwise (warnings too).
 */
export async function runDoctor(_argv: string[]): Promise<number> {
  const checks: Check[] = [];
  let settings: Settings | undefined;
  try {
    settings = loadSettings();
    checks.push({ ok: true, what: '环境变量格式正确' });
  } catch (e) {
    if (!(e instanceof SettingsError)) throw e;
    for (const p of e.problems) checks.push({ ok: false, what: p, fix: '改正 .env 中的这一项' });
  }
  if (settings) {
    checks.push(...dataDirChecks(settings.dataDir, !settings.databaseUrl));
    if (settings.databaseUrl) checks.push(...(await postgresChecks(settings.databaseUrl)));
    checks.push(...flowChecks(settings.flowsDir));
    checks.push(...wecomChecks(settings));
    checks.push(...wechatChecks(settings));
    checks.push(await consoleCheck(settings));
  }
  checks.push(...toolChecks());
  for (const c of checks) {
    const mark = c.ok === true ? '✓' : c.ok === 'warn' ? '!' : '✗';
    console.log(`${mark} ${c.what}${c.fix ? `\n    → ${c.fix}` : ''}`);
  }
  const bad = checks.filter((c) => c.ok === false).length;
  console.log(bad ? `\n${bad} 个问题需要处理。` : '\n可以运行。');
  return bad ? 1 : 0;
}

function dataDirChecks(dir: string, sqlite: boolean): Check[] {
  if (!existsSync(dir))
    return [
      {
        ok: 'warn',
        what: `数据目录 ${dir} 还不存在`,
        fix: '第一次启动时会自动创建；若应已存在，请检查 TIANBAO_DATA_DIR 和磁盘挂载',
      },
    ];
  if (!statSync(dir).isDirectory())
    return [{ ok: false, what: `${dir} 不是目录`, fix: '把 TIANBAO_DATA_DIR 指向一个目录' }];
  const out: Check[] = [];
  try {
    accessSync(dir, constants.W_OK);
    out.push({ ok: true, what: `数据目录 ${dir} 可写` });
  } catch {
    out.push({
      ok: false,
      what: `数据目录 ${dir} 不可写`,
      fix: `给运行机器人的用户写权限，例如 chown -R tianbao ${dir}`,
    });
  }
  const fs = statfsSync(dir);
  const freeMb = Math.floor((fs.bavail * fs.bsize) / 1024 / 1024);
  out.push(
    freeMb >= 200
      ? { ok: true, what: `磁盘剩余 ${freeMb} MB` }
      : { ok: freeMb >= 20 ? 'warn' : false, what: `磁盘只剩 ${freeMb} MB`, fix: '清理磁盘：写满后机器人无法保存答案' },
  );
  if (!sqlite) return out;
  out.push({
    ok: true,
    what: `数据库：SQLite（${databaseFile(dir)}）；多个进程共用一个数据库请设 TIANBAO_DATABASE_URL`,
  });
  const file = databaseFile(dir);
  if (!existsSync(file)) return [...out, { ok: 'warn', what: '数据库还不存在', fix: '第一次启动时会自动创建' }];
  if (statSync(file).size === 0)
    return [
      ...out,
      { ok: false, what: `数据库 ${file} 是空文件（0 字节）`, fix: '从备份恢复；确认从头开始则删除该文件' },
    ];
  try {
    const health = inspectSqlite(file);
    const check = health.integrity;
    if (check !== 'ok')
      return [
        ...out,
        { ok: false, what: `数据库已损坏（${String(check)}）`, fix: '停止机器人，从 tianbao backup 的副本恢复' },
      ];
    out.push({ ok: true, what: `数据库完整（${(statSync(file).size / 1024).toFixed(0)} KB）` });
    const latest = Math.max(...migrations.map((m) => m.version));
    const have = health.schema;
    out.push(
      have >= latest
        ? { ok: true, what: `数据库结构为最新（第 ${have} 版）` }
        : {
            ok: 'warn',
            what: `数据库结构为第 ${have} 版，启动时会升级到第 ${latest} 版`,
            fix: '升级前先 tianbao backup 一份',
          },
    );
    const parked = health.parked;
    if (parked)
      out.push({
        ok: 'warn',
        what: `${parked} 条消息多次发送失败后已停发`,
        fix: '管理员已收到通知；核对联系人后可重新让对方发消息',
      });
  } catch (e) {
    return [
      ...out,
      {
        ok: false,
        what: `数据库无法读取（${(e as { code?: string }).code ?? (e as Error).message}）`,
        fix: '停止机器人，从 tianbao backup 的副本恢复',
      },
    ];
  }
  return out;
}

/** TIANBAO_DATABASE_URL: the server answers, the schema is current (doctor reads only; the bot migrates at start). */
async function postgresChecks(url: string): Promise<Check[]> {
  const where = redactUrl(url);
  let h: PgHealth;
  try {
    h = await inspectPg(url);
  } catch (e) {
    return [
      {
        ok: false,
        what: `数据库：PostgreSQL ${where} 连不上（${(e as Error).message}）`,
        fix: '检查 TIANBAO_DATABASE_URL 的主机、端口、用户名和密码，以及 PostgreSQL 是否在运行',
      },
    ];
  }
  const latest = Math.max(...migrations.map((m) => m.version));
  const out: Check[] = [{ ok: true, what: `数据库：${h.server}（${where}），不使用 SQLite 文件` }];
  out.push(
    h.schema >= latest
      ? { ok: true, what: `数据库结构为最新（第 ${h.schema} 版）` }
      : {
          ok: 'warn',
          what: h.schema
            ? `数据库结构为第 ${h.schema} 版，启动时会升级到第 ${latest} 版`
            : '数据库是空的，第一次启动时建表',
          fix: h.schema ? '升级前先用 pg_dump 备份' : '要搬来原有的 SQLite 数据：npx tianbao db copy --to <地址>',
        },
  );
  if (h.parked)
    out.push({
      ok: 'warn',
      what: `${h.parked} 条消息多次发送失败后已停发`,
      fix: '管理员已收到通知；核对联系人后可重新让对方发消息',
    });
  return out;
}

function flowChecks(dir: string): Check[] {
  const set = loadFlowsDir(dir);
  const out: Check[] = set.errors.map((e) => ({
    ok: false as const,
    what: `表单有误：${e}`,
    fix: '运行 tianbao flows check 查看并改正；其他表单照常可用',
  }));
  if (!set.flows.length)
    out.push({ ok: false, what: `表单目录 ${dir} 里没有可用的表单`, fix: '检查 TIANBAO_FLOWS_DIR' });
  else out.unshift({ ok: true, what: `${set.flows.length} 张表单可用` });
  return out;
}

/** 企业微信: the settings only. Doctor never connects: WeCom keeps one connection per bot, a test would unseat the bot. */
function wecomChecks(s: Settings): Check[] {
  const e = s.env;
  if (!e.WECOM_BOT_ID || !e.WECOM_BOT_SECRET) return [];
  const out: Check[] = [
    {
      ok: true,
      what: `企业微信智能机器人 ${e.WECOM_BOT_ID}，长连接 ${e.WECOM_WS_URL ?? 'wss://openws.work.weixin.qq.com'}（未试连：同一机器人只能有一个长连接）`,
    },
  ];
  if (!e.ADMIN_CONTACTS.length)
    out.push({
      ok: 'warn',
      what: '没有管理员（ADMIN_CONTACTS）',
      fix: '写管理员的企业微信账号（userid）；发送失败等通知没人收',
    });
  return out;
}

function wechatChecks(s: Settings): Check[] {
  const e = s.env;
  if (!e.WECHATY_PUPPET && !e.WECHATY_PUPPET_SERVICE_TOKEN)
    return e.WECOM_BOT_ID
      ? []
      : [
          {
            ok: 'warn',
            what: '未配置企业微信（WECOM_BOT_ID）或微信（WECHATY_PUPPET），npm start 将进入终端对话',
            fix: '要接企业微信或微信，见 .env.example',
          },
        ];
  const out: Check[] = [];
  const puppet = e.WECHATY_PUPPET || 'wechaty-puppet-service';
  try {
    createRequire(import.meta.url).resolve(puppet);
    out.push({ ok: true, what: `微信插件 ${puppet} 已安装` });
  } catch {
    out.push({ ok: false, what: `微信插件 ${puppet} 未安装`, fix: `npm install ${puppet}，或改 WECHATY_PUPPET` });
  }
  if (puppet !== 'wechaty-puppet-wechat4u' && !e.WECHATY_PUPPET_SERVICE_TOKEN && puppet !== 'wechaty-puppet-mock')
    out.push({ ok: false, what: `${puppet} 需要令牌`, fix: '设置 WECHATY_PUPPET_SERVICE_TOKEN' });
  if (!e.ADMIN_CONTACTS.length)
    out.push({ ok: 'warn', what: '没有管理员（ADMIN_CONTACTS）', fix: '设置管理员的备注；发送失败、掉线等通知没人收' });
  if (!e.ALLOW_ALL && !e.ALLOWED_CONTACTS.length)
    out.push({ ok: 'warn', what: '名单为空：只为管理员和填报任务的指派人服务', fix: '需要时设置 ALLOWED_CONTACTS' });
  if (e.FRIEND_PASSPHRASE && e.FRIEND_PASSPHRASE.length < 6)
    out.push({ ok: 'warn', what: '加好友暗号少于 6 个字，容易被猜中', fix: '换一个更长的 FRIEND_PASSPHRASE' });
  out.push({
    ok: true,
    what: `身份：按备注或绑定码识别；${e.WECHAT_LOGIN_TIMEOUT_MINUTES || '不限'} 分钟未登录则退出`,
  });
  return out;
}

/** The web console `npm start` serves: running now, ready to start, off, or its port taken by another program. */
async function consoleCheck(s: Settings): Promise<Check> {
  const e = s.env;
  if (!e.CONSOLE)
    return { ok: 'warn', what: '网页后台已关闭（CONSOLE=off）', fix: '要用网页后台，删去 .env 里的 CONSOLE=off' };
  const url = consoleUrl(e);
  if (await consoleRunning(url))
    return { ok: true, what: `网页后台正在运行：${url}（新的登录链接：npx tianbao console link）` };
  const free = await portFree(e.CONSOLE_HOST ?? '127.0.0.1', e.CONSOLE_PORT);
  return free
    ? {
        ok: true,
        what: `网页后台：npm start 时在 ${url} 提供，启动时打印登录链接（也可运行 npx tianbao console link）`,
      }
    : {
        ok: 'warn',
        what: `网页后台的端口 ${e.CONSOLE_PORT} 被别的程序占用，npm start 时网页后台不会启动`,
        fix: '在 .env 里换一个端口，例如 CONSOLE_PORT=8788',
      };
}

/** Whether the port can be listened on (tried for an instant, then released). */
function portFree(host: string, port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

function toolChecks(): Check[] {
  const out: Check[] = [];
  const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  const n = fonts.status === 0 ? fonts.stdout.split('\n').filter(Boolean).length : 0;
  out.push(
    n
      ? { ok: true, what: `找到 ${n} 种中文字体` }
      : {
          ok: 'warn',
          what: '没有找到中文字体（可选）',
          fix: '自评表照常生成；在本机转 PDF 或预览需要，例如 apt install fonts-noto-cjk',
        },
  );
  const office = spawnSync('soffice', ['--version'], { encoding: 'utf8', timeout: 20_000 });
  out.push(
    office.status === 0
      ? { ok: true, what: `LibreOffice：${office.stdout.trim().split('\n')[0]}` }
      : { ok: 'warn', what: '没有 LibreOffice（可选）', fix: '只在把自评表转成 PDF 时需要' },
  );
  return out;
}
