import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type App, buildApp } from '../app/build-engine.js';
import { type AppConfig, configFromEnv } from '../app/config.js';
import { configuredChannels, loadSettings } from '../app/settings.js';
import { startCampaignRuntime } from '../campaigns/runtime.js';
import { formatOutbound, runTerminal } from '../channels/terminal.js';
import { terminalDirectory } from '../console/people-directory.js';
import { startConsoleFromEnv } from '../console/start.js';
import { ChatImport } from '../import/chat-import.js';
import { Outbox } from '../outbox/outbox.js';

/** `tianbao chat [--user 名字]`: the conversation in this terminal; `npm start` adds the web console (withConsole). */
export async function runChat(argv: string[], opts: { withConsole?: boolean } = {}): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: argv, options: { user: { type: 'string' } } }).values;
  } catch (e) {
    console.error(`参数错误：${(e as Error).message}\n用法：tianbao chat [--user 名字]`);
    return 2;
  }
  const config = configFromEnv();
  const app = buildApp(config);
  // PostgreSQL: the migrations have run (or the server said why not) before anything is read.
  await app.ready;
  for (const e of app.catalog.errors) console.error(`表单有误，已跳过：${e}`);
  const user = values.user ?? process.env.TIANBAO_USER ?? process.env.USER ?? '本地用户';
  const web = opts.withConsole ? await terminalConsole(app, config, user) : undefined;
  try {
    const pending = await app.engine.resumePendingReports();
    for (const p of pending) for (const o of p.out) if (o.kind === 'file') console.error(`补发自评表：${o.path}`);
    // The person at the terminal is at the machine: they may import (导入 <路径>) and publish forms.
    const importer = new ChatImport({
      isAdmin: () => true,
      flowsDir: config.flowsDir,
      pendingDir: join(config.dataDir, 'pending-imports'),
      reload: () => {
        for (const e of app.catalog.reload().errors) console.error(`表单有误，已跳过：${e}`);
      },
    });
    await runTerminal({
      engine: app.engine,
      user,
      hook: (text) => importer.handleText(user, text),
      beforeEach: web?.deliver,
    });
  } finally {
    await web?.stop();
    app.close();
  }
  return 0;
}

/**
 * Terminal mode's console: the same web console as on WeChat, with an outbox nobody sends from on a timer. Campaign
 * notices and 催办 are recorded there; the terminal's person gets theirs printed when they next type, everyone else's
 * wait (等待发送) for a chat channel.
 */
async function terminalConsole(app: App, config: AppConfig, user: string) {
  const outbox = new Outbox({
    rows: app.tables.outbox,
    send: async (m) => {
      if (m.to !== user) throw new Error('终端模式：此人不在这台电脑上');
      process.stdout.write(`${formatOutbound(m.kind === 'text' ? m : { kind: 'file', path: m.path, name: m.name })}\n`);
    },
    intervalMs: 0,
    jitterMs: 0,
  });
  const runtime = startCampaignRuntime({
    store: app.store,
    engine: app.engine,
    flows: app.catalog,
    outbox,
    campaigns: app.campaigns,
    onError: (e) => console.error(`催办任务轮询出错：${(e as Error).message}`),
  });
  const web = await startConsoleFromEnv({
    app,
    outbox,
    dataDir: config.dataDir,
    flowsDir: config.flowsDir,
    people: terminalDirectory(user),
    mode: 'terminal',
  });
  return {
    deliver: async () => {
      await outbox.sendDueTo(user);
    },
    stop: async () => {
      runtime.stop();
      await web.close();
    },
  };
}

/**
 * `npm start`: every chat channel that is configured — 企业微信 (WECOM_BOT_ID and WECOM_BOT_SECRET), WeChat (a
 * puppet), both at once — or the terminal when none is, and says which. The web console is served in every case.
 */
export async function runStart(argv: string[]): Promise<number> {
  // A bad setting stops here with one line naming it (bin/tianbao.mjs prints it, exit 2).
  const channels = configuredChannels(loadSettings().env);
  if (channels.wecom) return (await import('./wecom-command.js')).runChannels(argv);
  if (channels.wechat) {
    try {
      const mod = await import('./wechat-command.js' as string);
      return mod.runWechat(argv);
    } catch (e) {
      console.error(`微信模式不可用（${(e as Error).message}），改用终端模式。`);
    }
  }
  console.error('未配置企业微信（WECOM_BOT_ID）或微信（WECHATY_PUPPET），使用终端模式。');
  return runChat(argv, { withConsole: true });
}
