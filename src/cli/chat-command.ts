import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../app/build-engine.js';
import { configFromEnv } from '../app/config.js';
import { configuredChannels, loadSettings } from '../app/settings.js';
import { runTerminal } from '../channels/terminal.js';
import { ChatImport } from '../import/chat-import.js';

/** `tianbao chat [--user 名字]`: the conversation in this terminal. */
export async function runChat(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: argv, options: { user: { type: 'string' } } }).values;
  } catch (e) {
    console.error(`参数错误：${(e as Error).message}\n用法：tianbao chat [--user 名字]`);
    return 2;
  }
  const config = configFromEnv();
  const app = buildApp(config);
  for (const e of app.catalog.errors) console.error(`表单有误，已跳过：${e}`);
  try {
    const pending = await app.engine.resumePendingReports();
    for (const p of pending) for (const o of p.out) if (o.kind === 'file') console.error(`补发自评表：${o.path}`);
    const user = values.user ?? process.env.TIANBAO_USER ?? process.env.USER ?? '本地用户';
    // The person at the terminal is at the machine: they may import (导入 <路径>) and publish forms.
    const importer = new ChatImport({
      isAdmin: () => true,
      flowsDir: config.flowsDir,
      pendingDir: join(config.dataDir, 'pending-imports'),
      reload: () => {
        for (const e of app.catalog.reload().errors) console.error(`表单有误，已跳过：${e}`);
      },
    });
    await runTerminal({ engine: app.engine, user, hook: (text) => importer.handleText(user, text) });
  } finally {
    app.close();
  }
  return 0;
}

/**
 * `npm start`: every chat channel that is configured — 企业微信 (WECOM_BOT_ID and WECOM_BOT_SECRET), WeChat (a
 * puppet), both at once — or the terminal when none is, and says which.
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
  return runChat(argv);
}
