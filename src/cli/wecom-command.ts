import { join } from 'node:path';
import { type PuppetModuleName, WechatyBuilder } from 'wechaty';
import { buildApp } from '../app/build-engine.js';
import { wechatConfigFromEnv, wecomConfigFromEnv } from '../app/channel-config.js';
import { loggerFromSettings } from '../app/log.js';
import { configuredChannels, loadSettings, type Settings } from '../app/settings.js';
import { WechatChannel } from '../channels/wechat/bot.js';
import { chatImportHooks } from '../channels/wechat/chat-import-hooks.js';
import type { WechatConfig } from '../channels/wechat/config.js';
import { WecomChannel, type WecomChannelOptions, type WecomEnd } from '../channels/wecom/channel.js';
import type { WecomConfig } from '../channels/wecom/config.js';
import { wecomTexts } from '../channels/wecom/texts.js';
import { wecomDirectory } from '../console/people-directory.js';
import { startConsoleFromEnv } from '../console/start.js';
import type { MaybePromise, OutboxPort, StoreTx } from '../engine/ports.js';
import type { EnqueueOptions, OutboxItem } from '../outbox/outbox.js';
import { housekeepingFor, retentionFromSettings } from '../store/housekeeping.js';
import { campaignsExtension, runHooks, type WechatExtension, type WechatExtras } from './wechat-command.js';

/** Exit code when another connection took over the bot: a supervisor must not restart into a tug of war. */
export const EXIT_REPLACED = 5;

export interface ChannelsOptions {
  /** Campaigns by default (reminders, 汇总/催办, assignees allowed); tests pass one with their clock. */
  extend?: WechatExtension;
  /** SDK options for tests (quicker heartbeat and reconnects). */
  client?: WecomChannelOptions['client'];
  /** Resolves to stop (tests); SIGINT/SIGTERM otherwise. */
  stop?: Promise<unknown>;
}

/**
 * `npm start` with 企业微信 configured: the WeCom channel — and WeChat too when a puppet is configured — on one
 * app, one database and one outbox (each channel sending its own rows at its own pace), with campaigns, chat
 * imports and the web console, until SIGINT/SIGTERM. Exit 2: a bad setting or WeCom refused the Bot ID/Secret;
 * 4: WeChat never logged in; 5: another process connected as this bot (it is not fought over).
 */
export async function runChannels(_argv: string[], o: ChannelsOptions = {}): Promise<number> {
  let settings: Settings;
  let wecom: WecomConfig | undefined;
  let wechat: WechatConfig | undefined;
  try {
    settings = loadSettings();
    wecom = wecomConfigFromEnv();
    wechat = configuredChannels(settings.env).wechat ? wechatConfigFromEnv() : undefined;
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (!wecom) {
    console.error('未配置企业微信：请设置 WECOM_BOT_ID 和 WECOM_BOT_SECRET（见 .env.example）');
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
  let wecomChannel: WecomChannel | undefined;
  let wechatChannel: WechatChannel | undefined;
  let extras: WechatExtras = {};
  let web: Awaited<ReturnType<typeof startConsoleFromEnv>> | undefined;
  try {
    // An admin sends a form file → summary → 「发布」 writes it to the flows dir and reloads the catalog.
    const imports = chatImportHooks({
      flowsDir: appConfig.flowsDir,
      dataDir: appConfig.dataDir,
      reload: () => app.catalog.reload(),
      log,
    });
    // The extension needs the outbox, the channels need the extension's hooks: bind late.
    const hooks = [imports.text, (m: Parameters<typeof runHooks>[1]) => runHooks(extras.hooks ?? [], m)];
    const isAllowed = async (key: string) => Boolean(await extras.isAllowed?.(key));
    wecomChannel = new WecomChannel({
      engine: app.engine,
      wechatRows: app.tables.wechat,
      outboxRows: app.tables.outbox,
      config: wecom,
      hooks,
      fileHook: imports.file,
      isAllowed,
      sharedOutbox: Boolean(wechat),
      log,
      client: o.client,
    });
    if (wechat) {
      const bot = WechatyBuilder.build({
        name: join(appConfig.dataDir, wechat.sessionName),
        puppet: wechat.puppet as PuppetModuleName,
        puppetOptions: wechat.token ? { token: wechat.token } : undefined,
      });
      wechatChannel = new WechatChannel({
        bot,
        engine: app.engine,
        wechatRows: app.tables.wechat,
        outboxRows: app.tables.outbox,
        dataDir: appConfig.dataDir,
        config: wechat,
        hooks,
        fileHook: imports.file,
        isAllowed,
        log,
        outboxLane: { channel: 'wechat', serves: 'own+unmarked' },
      });
    }
    const outbox = wechatChannel ? outboxAcross(wecomChannel, wechatChannel) : wecomChannel.port;
    // Each channel claimed the engine's outbox for itself; with two, answers go by the channel they came from.
    app.engine.useOutbox(outbox);
    extras = await (o.extend ?? campaignsExtension)({ app, outbox, config: { admins: wecom.admins }, log });
    // The web console in the same process; 「后台」 from an admin gets a sign-in link.
    web = await startConsoleFromEnv({
      app,
      outbox,
      dataDir: appConfig.dataDir,
      flowsDir: appConfig.flowsDir,
      admins: [...wecom.admins],
      // People are userids here; a typed name that never wrote to the bot cannot be reached and is flagged.
      people: wecomDirectory(app, wechatChannel ? (k) => wechatChannel!.canReach(k) : undefined),
      mode: 'wecom',
    });
    extras.hooks = [...(extras.hooks ?? []), web.adminHook];

    // Reports submitted but not rendered before the last stop: render and send them now.
    for (const p of await app.engine.resumePendingReports())
      await outbox.enqueue(p.user, p.out, p.out[0]?.kind === 'file' ? { key: `resumed-report:${p.out[0].path}` } : {});

    const stopped =
      o.stop?.then(() => ({ signal: 'stop' })) ??
      new Promise<{ signal: string }>((resolve) => {
        process.once('SIGINT', () => resolve({ signal: 'SIGINT' }));
        process.once('SIGTERM', () => resolve({ signal: 'SIGTERM' }));
      });
    const channels = wechatChannel ? `企业微信 + 微信（${wechat?.puppet}）` : '企业微信';
    console.error(`${channels}模式：机器人 ${wecom.botId}，数据目录 ${appConfig.dataDir}`);
    // A round's first submissions should not wait for the report worker's modules to load.
    void app.warmReports();
    wecomChannel.start();
    if (wechatChannel) await wechatChannel.start();
    const end: { signal?: string; wecom?: WecomEnd; wechatGaveUp?: string } = await Promise.race([
      stopped,
      wecomChannel.ended.then((w) => ({ wecom: w })),
      ...(wechatChannel ? [wechatChannel.gaveUp.then((g) => ({ wechatGaveUp: g }))] : []),
    ]);
    log(end.signal ? 'info' : 'error', 'shutdown', end);
    if (end.wecom?.reason === 'replaced') {
      console.error(wecomTexts.terminalReplaced());
      return EXIT_REPLACED;
    }
    if (end.wecom?.reason === 'auth') {
      console.error(wecomTexts.terminalAuthFailed(end.wecom.error));
      return 2;
    }
    if (end.wechatGaveUp) {
      console.error(`${end.wechatGaveUp}，退出（代码 4）。请检查网络和微信登录后重新启动。`);
      return 4;
    }
    return 0;
  } catch (e) {
    log('error', 'channels_failed', { error: e });
    console.error(`启动失败：${(e as Error).message}`);
    return 1;
  } finally {
    extras.stop?.();
    await web?.close();
    await wecomChannel?.stop();
    await wechatChannel?.stop();
    housekeeping.stop();
    app.close();
  }
}

/**
 * One outbox port over both channels' lanes: an answer goes back on the channel its message came from (its key
 * names it); anything else — a report, an assignment, a nudge, a notice — to the channel the person last talked
 * on, else WeCom (a userid is reachable there once the person has written to the bot).
 */
export function outboxAcross(
  wecom: WecomChannel,
  wechat: WechatChannel,
): OutboxPort & { hasKey(k: string): MaybePromise<boolean> } {
  const laneOf = async (to: string, key: string) =>
    key.startsWith('reply:wecom:')
      ? 'wecom'
      : key.startsWith('reply:')
        ? 'wechat'
        : ((await wecom.outbox.lastReplyChannel(to)) ?? 'wecom');
  return {
    async enqueue(to: string, items: OutboxItem[], opts: EnqueueOptions = {}) {
      return (await laneOf(to, opts.key ?? '')) === 'wechat'
        ? wechat.outbox.enqueue(to, items, opts)
        : wecom.port.enqueue(to, items, opts);
    },
    async enqueueIn(tx: StoreTx, to: string, items: OutboxItem[], opts: EnqueueOptions = {}) {
      return (await laneOf(to, opts.key ?? '')) === 'wechat'
        ? wechat.outbox.enqueueIn(tx, to, items, opts)
        : wecom.port.enqueueIn!(tx, to, items, opts);
    },
    hasKey: (k: string) => wecom.outbox.hasKey(k),
  };
}
