import { type App, buildApp } from '../src/app/build-engine.js';
import { wecomConfigFromEnv } from '../src/app/channel-config.js';
import { chatImportHooks } from '../src/channels/wechat/chat-import-hooks.js';
import type { MessageHook } from '../src/channels/wechat/router.js';
import { WecomChannel } from '../src/channels/wecom/channel.js';
import type { WecomConfig } from '../src/channels/wecom/config.js';
import type { Logger } from '../src/outbox/logger.js';
import { FIXTURE_FLOWS } from './support/chat.js';
import { type Bubble, FakeWecom, texts } from './support/wecom-fake-server.js';

export interface WecomHarnessOptions {
  dataDir: string;
  flowsDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Wire import by chat as `npm start` does. */
  chatImport?: boolean;
  hooks?: MessageHook[];
  isAllowed?: (key: string) => boolean;
  /** An already running fake (a second bot process on the same server). */
  fake?: FakeWecom;
  ackDelayMs?: number;
  /** Run on this PostgreSQL database instead of the data dir's SQLite file. */
  databaseUrl?: string;
}

/**
 * The real WeCom channel (the official SDK), engine and SQLite store against the fake WeCom server: people are
 * userids on the fake, talking to the bot as WeCom would deliver their messages.
 */
export class WecomHarness {
  readonly logs: Array<{ level: string; event: string; fields: Record<string, unknown> }> = [];
  readonly terminal: string[] = [];
  app!: App;
  channel!: WecomChannel;
  config!: WecomConfig;

  private constructor(
    readonly fake: FakeWecom,
    readonly opts: WecomHarnessOptions,
  ) {}

  static async start(opts: WecomHarnessOptions): Promise<WecomHarness> {
    const fake = opts.fake ?? (await FakeWecom.start({ ackDelayMs: opts.ackDelayMs }));
    const h = new WecomHarness(fake, opts);
    h.boot();
    await h.app.ready;
    await fake.authenticated();
    await h.until(() => h.channel.connected, 'the channel connected');
    return h;
  }

  /** Builds the app and the channel on the data dir and connects (also after a restart). */
  boot(): void {
    const { opts, fake } = this;
    const flowsDir = opts.flowsDir ?? FIXTURE_FLOWS;
    this.app = buildApp({ dataDir: opts.dataDir, flowsDir, databaseUrl: opts.databaseUrl });
    this.config = wecomConfigFromEnv({
      WECOM_BOT_ID: fake.botId,
      WECOM_BOT_SECRET: fake.secret,
      WECOM_WS_URL: fake.url,
      ...opts.env,
    })!;
    const log: Logger = (level, event, fields = {}) => this.logs.push({ level, event, fields });
    const imports = opts.chatImport
      ? chatImportHooks({ flowsDir, dataDir: opts.dataDir, reload: () => this.app.catalog.reload(), log })
      : undefined;
    this.channel = new WecomChannel({
      engine: this.app.engine,
      wechatRows: this.app.tables.wechat,
      outboxRows: this.app.tables.outbox,
      config: this.config,
      hooks: imports ? [imports.text, ...(opts.hooks ?? [])] : opts.hooks,
      fileHook: imports?.file,
      isAllowed: opts.isAllowed,
      log,
      terminal: { write: (s: string) => this.terminal.push(s.trimEnd()) } as unknown as NodeJS.WritableStream,
      client: { heartbeatInterval: 1000, reconnectInterval: 50 },
    });
    this.channel.start();
  }

  person(userid: string): WecomPerson {
    return new WecomPerson(userid, this);
  }

  /** Waits until nothing is being handled and nothing due is left in the outbox. */
  async idle(): Promise<void> {
    await this.channel.settled();
    await this.until(async () => {
      const c = await this.channel.outbox.counts();
      return c.sending === 0 && !(await this.dueQueued());
    }, 'the outbox to be idle');
  }

  private async dueQueued(): Promise<boolean> {
    const due = await this.app.tables.outbox.earliestDue({ serves: 'all' });
    return due !== undefined && due <= Date.now();
  }

  async until(test: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!(await test())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async stop(): Promise<void> {
    await this.channel.stop();
    this.app.close();
  }

  async close(): Promise<void> {
    await this.stop().catch(() => {});
    if (!this.opts.fake) await this.fake.close();
  }
}

/** A person on the fake WeCom: says things, clicks buttons, reads the chat. */
export class WecomPerson {
  private read = 0;

  constructor(
    readonly userid: string,
    private readonly h: WecomHarness,
  ) {}

  /** Sends a text and waits for the bot's answer on its req_id; returns the new messages of the chat. */
  async say(text: string): Promise<string> {
    const req = await this.h.fake.sendText(this.userid, text);
    await this.h.fake.answered(req);
    await this.h.idle();
    return this.replies();
  }

  /** Sends a file (encrypted on the fake's file store, as WeCom does) and waits for the answer. */
  async sendFile(bytes: Buffer, filename: string): Promise<string> {
    const req = await this.h.fake.sendFile(this.userid, bytes, filename);
    await this.h.fake.answered(req, 60_000);
    await this.h.idle();
    return this.replies();
  }

  /** Clicks the button with this label on the latest card in the chat. */
  async click(label: string): Promise<string> {
    const card = this.latestCard();
    const button = card?.card?.button_list?.find((b) => b.text === label);
    if (!card?.card?.task_id || !button) throw new Error(`no button 「${label}」 on the latest card`);
    const req = await this.h.fake.click(this.userid, card.card.task_id, button.key);
    await this.h.fake.answered(req);
    await this.h.idle();
    return this.replies();
  }

  /** The bot's latest text in the chat. */
  lastAnswer(): Bubble | undefined {
    return this.h.fake
      .chatOf(this.userid)
      .filter((b) => b.kind === 'stream' || b.kind === 'markdown')
      .pop();
  }

  latestCard(): Bubble | undefined {
    return this.h.fake
      .chatOf(this.userid)
      .filter((b) => b.kind === 'card')
      .pop();
  }

  /** The chat's messages since the last call, as the person reads them. */
  replies(): string {
    const chat = this.h.fake.chatOf(this.userid);
    const fresh = chat.slice(this.read);
    this.read = chat.length;
    return texts(fresh);
  }

  /** Files and pictures received. */
  files(): Array<{ name: string; bytes: Buffer; kind: string }> {
    return this.h.fake
      .chatOf(this.userid)
      .filter((b) => b.media)
      .map((b) => ({ name: b.media!.filename, bytes: b.media!.bytes, kind: b.kind }));
  }
}
