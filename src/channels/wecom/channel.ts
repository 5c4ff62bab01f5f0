import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import {
  type TemplateCard,
  WSAuthFailureError,
  WSClient,
  type WSClientOptions,
  type WsFrame,
} from '@wecom/aibot-node-sdk';
import type { Inbound, MaybePromise, Outbound, OutboxPort, StoreTx } from '../../engine/ports.js';
import { SerialByKey } from '../../engine/serial-by-key.js';
import { LIMITS } from '../../import/read-file.js';
import { jsonLogger, type Logger } from '../../outbox/logger.js';
import { type EnqueueOptions, Outbox, type OutboxItem, type OutboxMessage, SendLater } from '../../outbox/outbox.js';
import type { OutboxRows } from '../../store/outbox-rows.js';
import type { WechatRows } from '../../store/wechat-rows.js';
import { DEFAULT_REPLIES_PER_MINUTE, ReplyLimiter, replyLimitNotice } from '../reply-limit.js';
import { AccessControl } from '../wechat/access.js';
import type { FileHook, MessageHook } from '../wechat/router.js';
import { buttonTexts } from './button-texts.js';
import type { WecomConfig } from './config.js';
import { incomingOf, type WecomIncoming } from './incoming.js';
import { phoneMarkdown } from './markdown.js';
import { WindowLimiter } from './rate-limit.js';
import { wecomTexts } from './texts.js';

export interface WecomChannelOptions {
  engine: { handle(msg: Inbound): Promise<Outbound[]>; useOutbox?(outbox: OutboxPort): void };
  /** The refusals (the WeChat channel's tables; one adapter per backend). */
  wechatRows: Pick<WechatRows, 'refuse' | 'forgetRefusal'>;
  /** The outbox table (one adapter per backend, from the app's Backend). */
  outboxRows: OutboxRows;
  config: WecomConfig;
  /** Run before the engine (import's 发布/取消, campaigns' 汇总/催办, the console's 后台); non-null = handled. */
  hooks?: MessageHook[];
  /** A file an admin sends (a form for import); see channels/wechat/chat-import-hooks.ts. */
  fileHook?: FileHook;
  /** Extra people allowed (assignees of campaigns). */
  isAllowed?: (key: string) => MaybePromise<boolean>;
  /** Several channels share the outbox table: send only this channel's rows. */
  sharedOutbox?: boolean;
  clock?: () => number;
  log?: Logger;
  /** Where the few lines for the person at the server go; null = nowhere (tests). */
  terminal?: NodeJS.WritableStream | null;
  /** SDK options (tests: quicker heartbeats and reconnects). */
  client?: Partial<WSClientOptions>;
  /** How long stop() waits for messages being handled (default 10 s; see stop()). */
  stopWaitMs?: number;
}

/** Why the channel stopped by itself: the caller exits with one line (see cli/wecom-command.ts). */
export type WecomEnd = { reason: 'replaced' } | { reason: 'auth'; error: string };

/** WeCom's documented limits: 30 messages a minute and 1,000 an hour per chat; the same for uploads per bot. */
const PER_CHAT = [
  { max: 30, ms: 60_000 },
  { max: 1000, ms: 3_600_000 },
];
/** An uploaded file stays usable three days; a retry within the day reuses it. */
const MEDIA_REUSE_MS = 24 * 3_600_000;
/** Buttons of a button_interaction card: at most 6 (more choices: typing only). */
const MAX_BUTTONS = 6;
const REPLY_KEY = /^reply:wecom:([^:]+)/;

const text = (t: string): Outbound[] => [{ kind: 'text', text: t }];

/**
 * The 企业微信 / 政务微信 智能机器人 channel over the official long connection (@wecom/aibot-node-sdk): callbacks
 * in, the persistent outbox out. A person is the userid WeCom puts in each frame. Each message is answered on its
 * own req_id (a stream message, finished at once, whose id is the outbox row's: sent again after a crash it
 * updates the same message instead of adding one); closed questions get a button card whose clicks come back as
 * the same text; files go up in chunks and out as file/image messages; assignments and nudges are pushed with
 * aibot_send_msg. WeCom's limits (30 a minute per chat, 30 uploads a minute) hold a message back, never drop it.
 */
export class WecomChannel {
  readonly outbox: Outbox;
  /** What the engine, campaigns and console enqueue through: an answer carries the req_id of what it answers. */
  readonly port: OutboxPort & { hasKey(key: string): MaybePromise<boolean> };
  readonly access: AccessControl;
  /** Resolves when the channel stops by itself: replaced by another connection, or authentication refused. */
  readonly ended: Promise<WecomEnd>;
  private readonly client: WSClient;
  private readonly log: Logger;
  private readonly clock: () => number;
  private readonly serial = new SerialByKey();
  private readonly inflight = new Set<Promise<unknown>>();
  /** msgid → req_id of the messages being handled, for the answers enqueued meanwhile. */
  private readonly refs = new Map<string, string>();
  /** userid → task_id of the card under the last answer sent (null: that answer had none). Memory only. */
  private readonly latestCard = new Map<string, string | null>();
  /** Outbox row → the upload slot it booked (WeCom's 30 uploads a minute), until it has uploaded. */
  private readonly uploadSlots = new Map<number, number>();
  /** Outbox row → its uploaded media, so a retry does not upload again. */
  private readonly media = new Map<number, { mediaId: string; type: 'file' | 'image'; at: number }>();
  /** Steps of a text row already done (the stream, the card), so a retry repeats only what failed. */
  private readonly done = new Map<number, Set<'text' | 'card'>>();
  private readonly perChat = new WindowLimiter(PER_CHAT);
  private readonly uploads = new WindowLimiter(PER_CHAT);
  /**
   * Pictures take at most 10 of the minute's 30 uploads: in a burst of submissions every .docx goes before the
   * score pictures (the chart is inside the .docx too).
   */
  private readonly pictureUploads = new WindowLimiter([{ max: 10, ms: 60_000 }]);
  /**
   * Cards per chat: WeCom's 30 messages a minute less the 20 answers the reply cap lets through and its one notice,
   * so buttons never take the place of an answer.
   */
  private readonly cards = new WindowLimiter([{ max: PER_CHAT[0].max - DEFAULT_REPLIES_PER_MINUTE - 1, ms: 60_000 }]);
  /** One person sending hundreds of messages gets one notice, not hundreds of turns (shared with WeChat). */
  private readonly replyLimit: ReplyLimiter;
  private finish!: (end: WecomEnd) => void;
  private authError = '';
  private connectedOnce = false;
  private stopping = false;
  private lastUnreachable = 0;

  constructor(private readonly opts: WecomChannelOptions) {
    const { config } = opts;
    this.clock = opts.clock ?? Date.now;
    this.log = opts.log ?? jsonLogger();
    this.ended = new Promise<WecomEnd>((resolve) => (this.finish = resolve));
    this.replyLimit = new ReplyLimiter({ perWindow: DEFAULT_REPLIES_PER_MINUTE, clock: this.clock });
    this.access = new AccessControl(
      opts.wechatRows,
      { allowed: config.allowed, admins: config.admins, allowAll: config.allowAll, isAllowed: opts.isAllowed },
      () => new Date(this.clock()),
    );
    this.outbox = new Outbox({
      rows: opts.outboxRows,
      send: (m) => this.send(m),
      channel: 'wecom',
      serves: opts.sharedOutbox ? 'own' : 'all',
      intervalMs: config.outbox.intervalMs,
      jitterMs: 0,
      concurrency: config.outbox.concurrency,
      // A WeCom message holds up to 20,480 bytes; a phone screen far less. Long texts are split as on WeChat.
      maxChars: 4000,
      maxAttempts: config.outbox.maxAttempts,
      afterCrash: config.outbox.afterCrash,
      backoffMs: 1_000,
      clock: this.clock,
      log: this.log,
      onParked: (m, error) => this.parked(m, error),
    });
    this.port = {
      enqueue: (to: string, items: OutboxItem[], o: EnqueueOptions = {}) =>
        this.outbox.enqueue(to, items, { ...o, ref: o.ref ?? this.refFor(o.key) }),
      enqueueIn: (tx: StoreTx, to: string, items: OutboxItem[], o: EnqueueOptions = {}) =>
        this.outbox.enqueueIn(tx, to, items, { ...o, ref: o.ref ?? this.refFor(o.key) }),
      hasKey: (key: string) => this.outbox.hasKey(key),
    };
    // The engine enqueues its answers in the turn's own transaction, through the port (which adds the req_id).
    opts.engine.useOutbox?.(this.port);
    this.client = new WSClient({
      botId: config.botId,
      secret: config.secret,
      ...(config.wsUrl ? { wsUrl: config.wsUrl } : {}),
      // A server bot reconnects for ever (1 s, 2 s, 4 s … 30 s); a refused Bot ID or Secret is retried twice, then
      // the process stops naming the settings.
      maxReconnectAttempts: -1,
      maxAuthFailureAttempts: 2,
      logger: this.sdkLogger(),
      ...opts.client,
    });
  }

  /** Connects; replies flow once WeCom has accepted the Bot ID and Secret. */
  start(): void {
    const c = this.client;
    c.on('authenticated', () => this.onAuthenticated());
    c.on('disconnected', (reason) => {
      this.outbox.pause();
      if (!this.stopping) this.log('warn', 'wecom_disconnected', { reason });
    });
    c.on('reconnecting', (attempt) => {
      const seconds = Math.min(2 ** (attempt - 1), 30);
      this.log('warn', 'wecom_reconnecting', { attempt, in_s: seconds });
      // 1, 2, 4, 8 … then every tenth: a long outage does not fill the terminal.
      if ((attempt & (attempt - 1)) === 0 || attempt % 10 === 0)
        this.say(wecomTexts.terminalReconnecting(attempt, seconds));
    });
    c.on('error', (e) => this.onError(e));
    c.on('message', (f) => this.track(this.onFrame(f)));
    c.on('event', (f) => this.track(this.onFrame(f)));
    this.outbox.pause();
    this.outbox.start();
    this.log('info', 'wecom_starting', { url: this.url, bot: this.opts.config.botId });
    c.connect();
  }

  /**
   * Stops after the message being sent; what is left in the outbox is sent at the next start. Messages being
   * handled get up to stopWaitMs: a submission waits for its report, and after a burst of submissions on a busy
   * machine that can be minutes — a stop (systemctl, Ctrl-C) should not. Every answer is already committed with
   * its turn; a report not yet drawn stays pending and is drawn and sent at the next start.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([
      this.settled().then(() => false),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(true), this.opts.stopWaitMs ?? 10_000);
      }),
    ]);
    clearTimeout(timer);
    if (waited) this.log('warn', 'wecom_stop_without_waiting', { handling: this.inflight.size });
    await this.outbox.stop();
    this.client.removeAllListeners();
    // Also cancels a reconnect that is waiting (the SDK ignores it when it never started or was replaced).
    this.client.disconnect();
    this.log('info', 'wecom_stopped', {});
  }

  /** Resolves when every callback received so far has been handled (tests, graceful stop). */
  async settled(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  get connected(): boolean {
    return this.client.isConnected;
  }

  private get url(): string {
    return this.opts.config.wsUrl ?? 'wss://openws.work.weixin.qq.com';
  }

  private onAuthenticated(): void {
    this.log('info', 'wecom_authenticated', { again: this.connectedOnce });
    if (!this.connectedOnce) this.say(wecomTexts.terminalConnected(this.url, this.opts.config.botId));
    this.connectedOnce = true;
    this.authError = '';
    this.outbox.resume();
  }

  private onError(e: Error): void {
    if (this.stopping) return;
    if (e instanceof WSAuthFailureError) {
      this.log('error', 'wecom_auth_failed', { error: this.authError || e.message });
      this.finish({ reason: 'auth', error: this.authError || e.message });
      return;
    }
    const auth = /^Authentication failed: (.*)$/.exec(e.message);
    if (auth) {
      this.authError = auth[1];
      this.log('warn', 'wecom_auth_refused', { error: auth[1] });
      return;
    }
    this.log('warn', 'wecom_error', { error: e });
    const now = this.clock();
    if (!this.client.isConnected && now - this.lastUnreachable > 60_000) {
      this.lastUnreachable = now;
      this.say(wecomTexts.terminalUnreachable(this.url, e.message.slice(0, 80)));
    }
  }

  private track(p: Promise<unknown>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private async onFrame(frame: WsFrame): Promise<void> {
    const m = incomingOf(frame, () => new Date(this.clock()));
    if (!m) return;
    if (m.kind === 'disconnected') {
      // Another process (or machine) connected as this bot: step aside rather than fight for the connection.
      this.log('warn', 'wecom_replaced', {});
      this.outbox.pause();
      this.finish({ reason: 'replaced' });
      return;
    }
    try {
      const route = await this.serial.run(m.userid, () => this.route(m));
      this.log('info', 'message', { id: m.msgid, kind: m.kind, route, group: Boolean(m.group) });
    } catch (e) {
      this.log('error', 'message_failed', { id: m.msgid, error: e });
    }
  }

  /**
   * What to do with one callback. Every answer goes to the userid of the person who wrote — never to one taken
   * from the text — and is enqueued under `reply:wecom:<msgid>`, which also makes a callback WeCom delivers
   * twice a no-op.
   */
  private async route(m: Exclude<WecomIncoming, { kind: 'disconnected' }>): Promise<string> {
    const replyKey = `reply:wecom:${m.msgid}`;
    if (await this.outbox.hasKey(replyKey)) return 'duplicate';
    if (m.kind === 'enter_chat') {
      await this.outbox.enqueue(m.userid, [], { key: replyKey });
      // A greeting is sent at once (WeCom takes it within 5 s only), not through the outbox; losing one is harmless.
      if (this.opts.config.welcome && !m.group && (await this.access.isAllowed(m.userid)))
        await this.client
          .replyWelcome({ headers: { req_id: m.reqId } }, { msgtype: 'text', text: { content: wecomTexts.welcome() } })
          .catch((e) => this.log('warn', 'wecom_welcome_failed', { error: errorText(e) }));
      return 'welcome';
    }
    this.refs.set(m.msgid, m.reqId);
    const say = (items: Outbound[]) => this.port.enqueue(m.userid, items, { key: replyKey });
    try {
      const { access } = this;
      if (!(await access.isAllowed(m.userid))) {
        const first = await access.firstRefusal(m.userid);
        this.log('info', 'refused', { key: m.userid, first });
        await say(first ? text(wecomTexts.refused()) : []);
        return first ? 'refused' : 'refused_again';
      }
      await access.forgetRefusal(m.userid);
      const isAdmin = access.isAdmin(m.userid);
      // One person sending hundreds of messages gets one notice, not hundreds of replies. Every message is still
      // handled (nothing typed is lost): past the cap its replies are held back by taking their outbox keys first —
      // this channel's and the engine's own (`reply:<inbound id>:text`) — so each later enqueue is a no-op.
      const pace = this.replyLimit.admit(m.userid);
      if (pace !== 'reply') {
        if (pace === 'notice') this.log('warn', 'too_fast', { key: m.userid });
        await say(pace === 'notice' ? text(replyLimitNotice()) : []);
        await this.outbox.enqueue(m.userid, [], { key: `reply:wecom:${m.msgid}:text` });
        // The buttons on screen belong to an answer older than what the person has now said.
        this.latestCard.set(m.userid, null);
      }
      // The form is personal: in a group the bot only points to the single chat.
      if (m.group) {
        await say(text(wecomTexts.groupToPrivate()));
        return 'group';
      }
      let said: string;
      if (m.kind === 'other') {
        await say(text(wecomTexts.textOnly()));
        return 'non_text';
      }
      if (m.kind === 'file') {
        say(await this.receiveFile(m, isAdmin));
        return 'file';
      }
      if (m.kind === 'click') {
        const latest = this.latestCard.get(m.userid);
        // A button under an older answer would answer today's question with yesterday's choice.
        if (latest !== undefined && latest !== m.taskId) {
          await say(text(wecomTexts.staleButton()));
          return 'stale_button';
        }
        said = m.eventKey;
      } else said = m.text;
      const inbound: Inbound = { id: `wecom:${m.msgid}`, user: m.userid, text: said, at: m.at };
      for (const hook of this.opts.hooks ?? []) {
        const out = await hook({ ...inbound, isAdmin });
        if (out) {
          await say(out);
          return 'hook';
        }
      }
      // With the outbox in use the engine enqueues its answer itself (key reply:wecom:<msgid>:text); this marks the
      // callback handled.
      say(await this.opts.engine.handle(inbound));
      return 'engine';
    } finally {
      this.refs.delete(m.msgid);
    }
  }

  /** An admin's form file: downloaded and decrypted through the SDK, then handed to the import (as on WeChat). */
  private async receiveFile(m: Extract<WecomIncoming, { kind: 'file' }>, isAdmin: boolean): Promise<Outbound[]> {
    const hook = this.opts.fileHook;
    // The name is known only after downloading (Content-Disposition): nobody else's file is fetched at all.
    if (!isAdmin || !hook) return text(wecomTexts.textOnly());
    let got: { buffer: Buffer; filename?: string };
    try {
      got = await this.download(m.url, m.aeskey);
    } catch (e) {
      const tooBig = /maxContentLength|maxBodyLength/.test(errorText(e));
      this.log(tooBig ? 'warn' : 'error', 'wecom_download_failed', { key: m.userid, error: errorText(e) });
      return text(
        tooBig ? wecomTexts.fileTooBig(Math.round(LIMITS.fileBytes / 2 ** 20)) : wecomTexts.fileDownloadFailed(),
      );
    }
    const name = got.filename?.trim() || 'file';
    const out = await hook({
      id: `wecom:${m.msgid}`,
      user: m.userid,
      at: m.at,
      isAdmin,
      file: { name, size: got.buffer.length, bytes: async () => got.buffer },
    });
    return out ?? text(wecomTexts.textOnly());
  }

  /** SDK download (AES-256-CBC with the per-file key), refusing anything over the import's size limit. */
  private download(url: string, aeskey?: string): Promise<{ buffer: Buffer; filename?: string }> {
    // The SDK downloads with axios and sets no limit: a hostile or mistaken 2 GB file must not fill memory.
    const http = (this.client.api as unknown as { httpClient?: { defaults: Record<string, unknown> } }).httpClient;
    if (http) {
      http.defaults.maxContentLength = LIMITS.fileBytes + 64;
      http.defaults.maxBodyLength = LIMITS.fileBytes + 64;
    }
    return this.client.downloadFile(url, aeskey);
  }

  /** The req_id of the message an outbox key answers, while that message is being handled. */
  private refFor(key: string | undefined): string | undefined {
    const msgid = REPLY_KEY.exec(key ?? '')?.[1];
    return msgid ? this.refs.get(msgid) : undefined;
  }

  /** The outbox's sender: one row, answered on its req_id when it has one, else pushed to the person. */
  private async send(m: OutboxMessage): Promise<void> {
    // The outbox is paused while the connection is down; a send caught by the cut waits for the reconnect
    // rather than using up an attempt (a flapping line must not get a message parked).
    if (!this.client.isConnected) throw new SendLater(1_000, '企业微信未连接');
    if (m.to.includes(':')) throw new Error(`不是企业微信成员：${m.to}`);
    const now = this.clock();
    if (m.kind === 'file') return this.sendFile(m, now);
    const wait = this.perChat.take(m.to, now);
    if (wait) throw new SendLater(wait, 'WeCom: 30 messages a minute per chat');
    const steps = this.done.get(m.id) ?? new Set();
    this.done.set(m.id, steps);
    const content = phoneMarkdown(m.text);
    if (!steps.has('text')) {
      await this.sendText(m, content);
      steps.add('text');
    }
    let card = m.choices && m.choices.length <= MAX_BUTTONS ? this.cardFor(m) : undefined;
    // The card is a message of its own within WeCom's 30 a minute per chat. Buttons are a convenience (typing
    // always works): when the minute's budget is spent they are left out rather than holding the next answer back.
    const now2 = this.clock();
    if (card && !steps.has('card') && (this.cards.take(m.to, now2) || this.perChat.take(m.to, now2))) {
      this.log('info', 'wecom_card_skipped', { id: m.id, to: m.to, reason: 'rate limit' });
      card = undefined;
    }
    if (m.key?.startsWith('reply:')) this.latestCard.set(m.to, card?.task_id ?? null);
    if (card && !steps.has('card')) {
      // A card WeCom refuses is logged, never a failed message.
      const head = { headers: { req_id: m.ref ?? '' } };
      await (m.ref
        ? this.client.replyTemplateCard(head, card)
        : this.client.sendMessage(m.to, { msgtype: 'template_card', template_card: card })
      ).catch((e) => this.log('warn', 'wecom_card_failed', { id: m.id, to: m.to, error: errorText(e) }));
      steps.add('card');
    }
    this.done.delete(m.id);
  }

  /**
   * A text on the message's own req_id, as a stream finished at once; its stream id is the row's, so sending it
   * again (after a crash) updates the same message. The first attempt falls back to a push when WeCom refuses the
   * req_id (older than 24 hours); a later attempt does not, since the first may have arrived.
   */
  private async sendText(m: OutboxMessage & { kind: 'text' }, content: string): Promise<void> {
    if (m.ref) {
      try {
        await this.client.reply(
          { headers: { req_id: m.ref } },
          { msgtype: 'stream', stream: { id: this.streamId(m), finish: true, content } },
        );
        return;
      } catch (e) {
        if (!isRefusal(e) || m.attempts > 1) throw asError(e);
        this.log('warn', 'wecom_reply_refused', { id: m.id, to: m.to, error: errorText(e) });
      }
    }
    await this.client.sendMessage(m.to, { msgtype: 'markdown', markdown: { content } }).catch((e) => {
      throw asError(e);
    });
  }

  /** A file: uploaded in chunks (init → chunk × n → finish), then a file or image message. */
  private async sendFile(m: OutboxMessage & { kind: 'file' }, now: number): Promise<void> {
    let media = this.media.get(m.id);
    if (!media || now - media.at > MEDIA_REUSE_MS) {
      // Each file books its own upload slot once and comes back at it (30 a minute per bot).
      const type = /\.(png|jpe?g|gif)$/i.test(extname(m.name)) ? 'image' : 'file';
      let slot = this.uploadSlots.get(m.id);
      if (slot === undefined) {
        const from = type === 'image' ? now + this.pictureUploads.reserve('bot', now) : now;
        slot = from + this.uploads.reserve('bot', from);
        this.uploadSlots.set(m.id, slot);
      }
      if (slot > now) throw new SendLater(slot - now, 'WeCom: 30 uploads a minute');
      const wait = this.perChat.take(m.to, now);
      if (wait) throw new SendLater(wait, 'WeCom: 30 messages a minute per chat');
      this.uploadSlots.delete(m.id);
      const bytes = readFileSync(m.path);
      const up = await this.client.uploadMedia(bytes, { type, filename: m.name }).catch((e) => {
        throw asError(e);
      });
      media = { mediaId: up.media_id, type, at: now };
      this.media.set(m.id, media);
    } else {
      const wait = this.perChat.take(m.to, now);
      if (wait) throw new SendLater(wait, 'WeCom: 30 messages a minute per chat');
    }
    try {
      if (m.ref) await this.client.replyMedia({ headers: { req_id: m.ref } }, media.type, media.mediaId);
      else await this.client.sendMediaMessage(m.to, media.type, media.mediaId);
    } catch (e) {
      throw asError(e);
    }
    this.media.delete(m.id);
  }

  /** The closed answers as a button_interaction card; each button's key is the text the engine accepts. */
  private cardFor(m: OutboxMessage & { kind: 'text' }): TemplateCard {
    const choices = m.choices ?? [];
    const shown = buttonTexts(choices);
    return {
      card_type: 'button_interaction',
      main_title: { title: wecomTexts.cardTitle() },
      button_list: choices.map((c, i) => ({ text: shown[i], key: c, style: i === 0 ? 1 : 2 })),
      task_id: `tb_${m.id}_${hash8(`${m.to}\u0000${m.key ?? ''}\u0000${m.text}`)}`,
    };
  }

  private streamId(m: OutboxMessage): string {
    return `tb${m.id}_${hash8(`${m.to}\u0000${m.key ?? ''}`)}`;
  }

  private parked(m: OutboxMessage, error: string): void {
    this.done.delete(m.id);
    this.media.delete(m.id);
    this.uploadSlots.delete(m.id);
    // A notice to admins that itself fails is only logged: no notices about notices.
    if (m.key?.startsWith('admin:')) return;
    const what =
      m.kind === 'text'
        ? wecomTexts.parkedText(`${m.text.slice(0, 30)}${m.text.length > 30 ? '…' : ''}`)
        : wecomTexts.parkedFile(m.name);
    for (const admin of this.access.admins())
      void Promise.resolve(
        this.outbox.enqueue(admin, text(wecomTexts.parked(m.to, what, error)), {
          key: `admin:parked:${m.id}:${admin}`,
        }),
      ).catch((e) => this.log('error', 'admin_notice_failed', { error: errorText(e) }));
  }

  private say(line: string): void {
    const out = this.opts.terminal === undefined ? process.stderr : this.opts.terminal;
    out?.write(`${line}\n`);
  }

  /** The SDK's own log lines go to ours: warnings and errors only (its debug lines hold message contents). */
  private sdkLogger(): NonNullable<WSClientOptions['logger']> {
    const line =
      (level: 'warn' | 'error') =>
      (message: string, ...args: unknown[]) =>
        this.stopping ? undefined : this.log(level, 'wecom_sdk', { message, detail: args.map(errorText).join(' ') });
    return { debug: () => {}, info: () => {}, warn: line('warn'), error: line('error') };
  }
}

/** An ack frame with a non-zero errcode: WeCom received the request and refused it. */
function isRefusal(e: unknown): e is { errcode: number; errmsg?: string } {
  return typeof e === 'object' && e !== null && typeof (e as { errcode?: unknown }).errcode === 'number';
}

/** What the sender throws: the connection went away under it → send later; anything else → a failed attempt. */
function asError(e: unknown): Error {
  const text = errorText(e);
  if (/WebSocket (connection closed|not connected)|Connection manually closed|new connection/i.test(text))
    return new SendLater(1_000, text);
  return e instanceof Error ? e : new Error(text);
}

function errorText(e: unknown): string {
  if (isRefusal(e)) return `企业微信返回 ${e.errcode}${e.errmsg ? ` ${e.errmsg}` : ''}`;
  return e instanceof Error ? e.message : String(e);
}

function hash8(s: string): string {
  return createHash('sha1').update(s).digest('hex').slice(0, 8);
}
