import { join } from 'node:path';
import { type PuppetModuleName, WechatyBuilder } from 'wechaty';
import { type App, buildApp } from '../app/build-engine.js';
import { wechatConfigFromEnv } from '../app/channel-config.js';
import { loggerFromSettings } from '../app/log.js';
import { loadSettings, type Settings } from '../app/settings.js';
import { type CampaignRuntime, type CampaignRuntimeOptions, startCampaignRuntime } from '../campaigns/runtime.js';
import { WechatChannel } from '../channels/wechat/bot.js';
import { chatImportHooks } from '../channels/wechat/chat-import-hooks.js';
import type { WechatConfig } from '../channels/wechat/config.js';
import type { MessageHook } from '../channels/wechat/router.js';
import { wechatDirectory } from '../console/people-directory.js';
import { startConsoleFromEnv } from '../console/start.js';
import type { MaybePromise, OutboxPort } from '../engine/ports.js';
import type { Logger } from '../outbox/logger.js';
import { housekeepingFor, retentionFromSettings } from '../store/housekeeping.js';

/** What other features plug into the WeChat channel (the campaigns feature: assignees, coordinator commands). */
export interface WechatExtras {
  isAllowed?: (key: string) => MaybePromise<boolean>;
  hooks?: MessageHook[];
  /** Called at shutdown, before the database closes. */
  stop?: () => void;
}
export type WechatExtension = (ctx: {
  app: App;
  outbox: OutboxPort;
  /** Only the admins are read: the same extension serves WeCom (cli/wecom-command.ts). */
  config: Pick<WechatConfig, 'admins'>;
  log?: Logger;
}) => WechatExtras | Promise<WechatExtras>;

/**
 * The campaigns extension with its clock and poll period chosen by the caller: tests play the
 * calendar with an injected clock and tick by hand (intervalMs 0); the runtime is returned for that.
 */
export function campaignsExtensionWith(opts: Pick<CampaignRuntimeOptions, 'clock' | 'intervalMs'> = {}) {
  return ({
    app,
    outbox,
    config,
    log,
  }: Parameters<WechatExtension>[0]): WechatExtras & { runtime: CampaignRuntime } => {
    const runtime = startCampaignRuntime({
      // The campaigns' errors go to the same structured log, with their stacks.
      onError: log ? (e) => log('error', 'campaign_poll_failed', { error: e }) : undefined,
      store: app.store,
      engine: app.engine,
      flows: app.catalog,
      outbox,
      admins: [...config.admins],
      campaigns: app.campaigns,
      ...opts,
    });
    return {
      runtime,
      isAllowed: runtime.isAssignee,
      hooks: [runtime.adminHook],
      stop: () => runtime.stop(),
    };
  };
}

/** By default: campaigns (reminders on a timer, 汇总/催办 for admins, assignees allowed). */
export const campaignsExtension: WechatExtension = campaignsExtensionWith();

/**
 * `npm start` with a puppet configured: the conversation on WeChat until SIGINT/SIGTERM.
 * Puppet and token come only from the environment (see .env.example).
 */
export async function runWechat(_argv: string[], extend: WechatExtension = campaignsExtension): Promise<number> {
  let config: WechatConfig;
  let settings: Settings;
  try {
    settings = loadSettings();
    config = wechatConfigFromEnv();
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const log = loggerFromSettings(settings.env);
  // TIANBAO_DATABASE_URL set: every table on PostgreSQL (several bot processes may share it), no SQLite file.
  const appConfig = { dataDir: settings.dataDir, flowsDir: settings.flowsDir, databaseUrl: settings.databaseUrl };
  const app = buildApp(appConfig, { log });
  try {
    await app.ready;
  } catch (e) {
    console.error(`无法连接或升级数据库：${(e as Error).message}`);
    await app.close();
    return 3;
  }
  // Old rows (handled message ids, sent outbox rows, old history) are pruned daily, on either backend.
  const housekeeping = housekeepingFor(app.sqlite ?? app.store, retentionFromSettings(settings.env), log);
  for (const e of app.catalog.errors) log('warn', 'flow_skipped', { error: e });
  try {
    const bot = WechatyBuilder.build({
      // The memory card keeps the login in the data dir: a restart does not need a new scan.
      name: join(appConfig.dataDir, config.sessionName),
      puppet: config.puppet as PuppetModuleName,
      puppetOptions: config.token ? { token: config.token } : undefined,
    });
    // The extension needs the outbox, the channel needs the extension's hooks: bind late.
    let extras: WechatExtras = {};
    // An admin sends a form file → summary → 「发布」 writes it to the flows dir and reloads the catalog.
    const imports = chatImportHooks({
      flowsDir: appConfig.flowsDir,
      dataDir: appConfig.dataDir,
      reload: () => app.catalog.reload(),
      log,
    });
    const channel = new WechatChannel({
      bot,
      engine: app.engine,
      wechatRows: app.tables.wechat,
      outboxRows: app.tables.outbox,
      dataDir: appConfig.dataDir,
      config,
      // 「发布」/「取消」 of a waiting import come before anything else the admin's text could mean.
      hooks: [imports.text, (m) => runHooks(extras.hooks ?? [], m)],
      fileHook: imports.file,
      // With the campaigns extension: assignees of open campaigns, without being listed in ALLOWED_CONTACTS.
      isAllowed: async (key) => Boolean(await extras.isAllowed?.(key)),
      log,
    });
    extras = await extend({ app, outbox: channel.outbox, config, log });
    // The web console (issue 14) in the same process; 「后台」 from an admin gets a sign-in link.
    const web = await startConsoleFromEnv({
      app,
      outbox: channel.outbox,
      dataDir: appConfig.dataDir,
      flowsDir: appConfig.flowsDir,
      admins: [...config.admins],
      // A name typed in the console is checked against the contacts the bot can write to.
      people: wechatDirectory((key) => channel.canReach(key)),
      mode: 'wechat',
    });
    extras.hooks = [...(extras.hooks ?? []), web.adminHook];

    // Reports submitted but not rendered before the last stop: render and send them now.
    for (const p of await app.engine.resumePendingReports())
      await channel.outbox.enqueue(
        p.user,
        p.out,
        p.out[0]?.kind === 'file' ? { key: `resumed-report:${p.out[0].path}` } : {},
      );

    const stopped = new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    console.error(`微信模式：${config.puppet}${config.token ? '（令牌已配置）' : ''}，数据目录 ${appConfig.dataDir}`);
    // A round's first submissions should not wait for the report worker's modules to load.
    void app.warmReports();
    await channel.start();
    const end = await Promise.race([
      stopped.then((signal) => ({ signal, gaveUp: undefined })),
      channel.gaveUp.then((gaveUp) => ({ signal: undefined, gaveUp })),
    ]);
    log(end.gaveUp ? 'error' : 'info', 'shutdown', end);
    extras.stop?.();
    await web.close();
    await channel.stop();
    if (end.gaveUp) {
      // A supervisor (docs/tianbao.service) restarts the bot; by hand, check the network or scan the QR code again.
      console.error(`${end.gaveUp}，退出（代码 4）。请检查网络和微信登录后重新启动。`);
      return 4;
    }
    return 0;
  } catch (e) {
    log('error', 'wechat_failed', { error: e });
    console.error(`微信模式启动失败：${(e as Error).message}`);
    return 1;
  } finally {
    housekeeping.stop();
    app.close();
  }
}

/** The extension's hooks in order; the first that answers wins (null: the engine handles the message). */
export async function runHooks(hooks: MessageHook[], m: Parameters<MessageHook>[0]) {
  for (const h of hooks) {
    const out = await h(m);
    if (out) return out;
  }
  return null;
}
