import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A fake 企业微信 智能机器人 long-connection server for tests and the bench. It speaks the frames of the
 * official protocol (developer.work.weixin.qq.com/document/path/101463, as @wecom/aibot-node-sdk sends and
 * reads them): aibot_subscribe, ping, aibot_msg_callback, aibot_event_callback (enter_chat,
 * template_card_event, disconnected_event), aibot_respond_msg (stream, template_card, markdown, media),
 * aibot_respond_welcome_msg, aibot_respond_update_msg, aibot_send_msg, aibot_upload_media_init/chunk/finish,
 * and serves encrypted files for download (AES-256-CBC, IV = first 16 bytes of the key, PKCS#7 to 32 bytes).
 *
 * Where the documentation is silent the fake chooses, and says so here:
 * - A stream frame with a stream id already shown on the same req_id updates that message (documented) — also
 *   after finish=true, with errcode 0 (not documented: the documentation says a finished stream "不再可更新").
 * - Only one connection per bot: a second one that authenticates gets the first one a disconnected_event
 *   (documented), then the first is closed.
 * - Upload chunks are merged in chunk_index order whatever the base (the SDK numbers from 0, the example from 1).
 * - Replies on a req_id are accepted for 24 hours (documented), on any connection of the bot (not documented).
 */

export interface Bubble {
  /** Order of first appearance in the person's chat. */
  seq: number;
  userid: string;
  /** The req_id it answers (a reply), or undefined (a proactive aibot_send_msg). */
  reqId?: string;
  kind: 'stream' | 'markdown' | 'text' | 'card' | 'file' | 'image' | 'welcome';
  text?: string;
  finished?: boolean;
  streamId?: string;
  card?: CardBody;
  media?: { mediaId: string; filename: string; bytes: Buffer };
  at: number;
  /** performance.now() when it first arrived (latency = this − sentAt of its req_id). */
  t: number;
  /** How many frames wrote this bubble (a repeat of a stream id updates it). */
  writes: number;
}

export interface CardBody {
  card_type: string;
  task_id?: string;
  main_title?: { title?: string; desc?: string };
  button_list?: Array<{ text: string; key: string; style?: number }>;
  [k: string]: unknown;
}

interface Frame {
  cmd?: string;
  headers: { req_id: string };
  body?: Record<string, unknown>;
  errcode?: number;
  errmsg?: string;
}

interface Upload {
  type: string;
  filename: string;
  total_size: number;
  total_chunks: number;
  md5?: string;
  chunks: Map<number, Buffer>;
}

type Waiter = { test: () => boolean; resolve: () => void };

export interface FakeWecomOptions {
  botId?: string;
  secret?: string;
  /** Delay before acknowledging replies and sends (a slow network). */
  ackDelayMs?: number;
}

const MAX_CHUNK = 512 * 1024;

export class FakeWecom {
  readonly botId: string;
  readonly secret: string;
  ackDelayMs: number;
  /** Every frame the bot sent, in order (the tests look at the raw protocol too). */
  readonly received: Frame[] = [];
  readonly bubbles: Bubble[] = [];
  /** Authentications that succeeded / failed, pings answered. */
  authOk = 0;
  authFailed = 0;
  pings = 0;
  /** Files fetched from the fake's file store. */
  downloads = 0;
  /** When each callback was sent, by req_id (latency is measured from here). */
  readonly sentAt = new Map<string, { at: number; userid: string }>();
  private readonly uploads = new Map<string, Upload>();
  private readonly media = new Map<string, { type: string; filename: string; bytes: Buffer }>();
  private readonly files = new Map<string, { bytes: Buffer; filename: string }>();
  private readonly streams = new Map<string, Bubble>();
  private readonly reqIds = new Map<string, { userid: string; at: number; kind: 'msg' | 'event' }>();
  private readonly taskIds = new Set<string>();
  /** Bubbles by the req_id they answer, and who has written to the bot (the bench asks thousands of times). */
  private readonly byReq = new Map<string, Bubble[]>();
  private readonly wrote = new Set<string>();
  private current: WebSocket | undefined;
  private readonly waiters = new Set<Waiter>();
  private seq = 0;
  private n = 0;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly port: number,
    opts: FakeWecomOptions,
  ) {
    this.botId = opts.botId ?? 'aibFakeBot01';
    this.secret = opts.secret ?? 'fake-secret';
    this.ackDelayMs = opts.ackDelayMs ?? 0;
  }

  /** Listens on port 0 of 127.0.0.1: WebSocket at /, encrypted file downloads at /media/<id>. */
  static async start(opts: FakeWecomOptions = {}): Promise<FakeWecom> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const fake = new FakeWecom(http, wss, (http.address() as AddressInfo).port, opts);
    http.on('request', (req, res) => fake.download(req.url ?? '', res));
    wss.on('connection', (ws) => fake.accept(ws));
    return fake;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get connected(): boolean {
    return this.current !== undefined;
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ——— what a person does ———

  /** A text from `userid` in the single chat with the bot; returns the req_id. */
  async sendText(userid: string, content: string, opts: { group?: string } = {}): Promise<string> {
    return this.callback(userid, {
      msgtype: 'text',
      text: { content: opts.group ? `@填报助手 ${content}` : content },
      ...(opts.group ? { chatid: opts.group, chattype: 'group' } : {}),
    });
  }

  /** A voice message: WeCom sends it already turned into text. */
  async sendVoice(userid: string, content: string): Promise<string> {
    return this.callback(userid, { msgtype: 'voice', voice: { content } });
  }

  async sendImage(userid: string): Promise<string> {
    const { url, aeskey } = this.host(randomBytes(64), 'photo.jpg');
    return this.callback(userid, { msgtype: 'image', image: { url, aeskey } });
  }

  /** A local file sent in the chat: encrypted, served for download, its name only in Content-Disposition. */
  async sendFile(userid: string, bytes: Buffer, filename: string): Promise<string> {
    const { url, aeskey } = this.host(bytes, filename);
    return this.callback(userid, { msgtype: 'file', file: { url, aeskey } });
  }

  /** A click on a button of a button_interaction card. */
  async click(userid: string, taskId: string, eventKey: string): Promise<string> {
    return this.event(userid, {
      eventtype: 'template_card_event',
      template_card_event: { card_type: 'button_interaction', event_key: eventKey, task_id: taskId },
    });
  }

  async enterChat(userid: string): Promise<string> {
    return this.event(userid, { eventtype: 'enter_chat' });
  }

  /** Delivers the same callback again (WeCom may: "可能因为网络等原因重复回调"). */
  redeliver(frame: Frame): void {
    this.current?.send(JSON.stringify(frame));
  }

  /** The last callback frame sent (to redeliver it). */
  lastCallback: Frame | undefined;

  /** Breaks the connection without a word (a network cut); the bot reconnects. */
  dropConnection(): void {
    this.current?.terminate();
    this.current = undefined;
  }

  // ——— what the test reads ———

  /** The person's chat, in order: replies and proactive messages. */
  chatOf(userid: string): Bubble[] {
    return this.bubbles.filter((b) => b.userid === userid);
  }

  repliesTo(reqId: string): Bubble[] {
    return this.byReq.get(reqId) ?? [];
  }

  /** Resolves when test() holds (checked after every frame), or rejects after timeoutMs. */
  until(test: () => boolean, what = 'the condition', timeoutMs = 15_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = {
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        reject(new Error(`fake WeCom: timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  /** Waits until the req_id has its answer: a finished stream, or any other reply. */
  async answered(reqId: string, timeoutMs?: number): Promise<Bubble[]> {
    await this.until(() => this.isAnswered(reqId), `a reply to ${reqId}`, timeoutMs);
    return this.repliesTo(reqId);
  }

  isAnswered(reqId: string): boolean {
    return this.repliesTo(reqId).some((b) => b.kind !== 'stream' || b.finished);
  }

  /** Waits until the bot is connected and authenticated. */
  async authenticated(timeoutMs?: number): Promise<void> {
    await this.until(() => this.current !== undefined, 'an authenticated connection', timeoutMs);
  }

  // ——— the protocol ———

  private accept(ws: WebSocket): void {
    let authed = false;
    ws.on('message', (data) => {
      let frame: Frame;
      try {
        frame = JSON.parse(String(data)) as Frame;
      } catch {
        return;
      }
      this.received.push(frame);
      const reqId = frame.headers?.req_id ?? '';
      const ack = (errcode = 0, errmsg = 'ok', body?: Record<string, unknown>, delay = 0) => {
        const out = JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg, ...(body ? { body } : {}) });
        if (delay > 0) setTimeout(() => ws.readyState === ws.OPEN && ws.send(out), delay);
        else ws.send(out);
      };
      if (frame.cmd === 'aibot_subscribe') {
        const b = frame.body ?? {};
        if (b.bot_id !== this.botId || b.secret !== this.secret) {
          this.authFailed++;
          ack(40001, 'invalid bot_id or secret');
          this.notify();
          return;
        }
        authed = true;
        this.authOk++;
        const old = this.current;
        this.current = ws;
        ack();
        if (old && old !== ws) {
          // The documented hand-over: the old connection hears disconnected_event, then is closed.
          old.send(
            JSON.stringify({
              cmd: 'aibot_event_callback',
              headers: { req_id: this.newId('evt') },
              body: {
                msgid: this.newId('msg'),
                create_time: Math.floor(Date.now() / 1000),
                aibotid: this.botId,
                msgtype: 'event',
                event: { eventtype: 'disconnected_event' },
              },
            }),
          );
          setTimeout(() => old.close(), 50);
        }
        this.notify();
        return;
      }
      if (!authed) return void ack(40002, 'not subscribed');
      const delay = this.ackDelayMs;
      switch (frame.cmd) {
        case 'ping':
          this.pings++;
          ack();
          break;
        case 'aibot_respond_msg':
        case 'aibot_respond_welcome_msg':
        case 'aibot_respond_update_msg': {
          const r = this.respond(frame);
          ack(r.errcode, r.errmsg, undefined, delay);
          break;
        }
        case 'aibot_send_msg': {
          const r = this.push(frame.body ?? {});
          ack(r.errcode, r.errmsg, undefined, delay);
          break;
        }
        case 'aibot_upload_media_init':
        case 'aibot_upload_media_chunk':
        case 'aibot_upload_media_finish': {
          const r = this.upload(frame.cmd, frame.body ?? {});
          ack(r.errcode, r.errmsg, r.body, delay);
          break;
        }
        default:
          ack(40003, `unknown cmd ${frame.cmd}`);
      }
      this.notify();
    });
    ws.on('close', () => {
      if (this.current === ws) this.current = undefined;
      this.notify();
    });
  }

  private respond(frame: Frame): { errcode: number; errmsg: string } {
    const reqId = frame.headers.req_id;
    const origin = this.reqIds.get(reqId);
    if (!origin || Date.now() - origin.at > 24 * 3600_000) return { errcode: 40010, errmsg: 'invalid req_id' };
    const body = frame.body ?? {};
    const base = { userid: origin.userid, reqId, at: Date.now(), writes: 1 };
    if (frame.cmd === 'aibot_respond_welcome_msg') {
      if (origin.kind !== 'event') return { errcode: 40011, errmsg: 'welcome only for enter_chat' };
      const text = (body.text as { content?: string } | undefined)?.content;
      this.add({ ...base, kind: 'welcome', text });
      return { errcode: 0, errmsg: 'ok' };
    }
    if (frame.cmd === 'aibot_respond_update_msg') return { errcode: 0, errmsg: 'ok' };
    const type = body.msgtype as string;
    if (type === 'stream' || type === 'stream_with_template_card') {
      const s = body.stream as { id?: string; finish?: boolean; content?: string };
      if (!s?.id) return { errcode: 40012, errmsg: 'stream.id missing' };
      if (Buffer.byteLength(s.content ?? '') > 20480) return { errcode: 40013, errmsg: 'content too long' };
      const key = `${reqId}\u0000${s.id}`;
      const known = this.streams.get(key);
      if (known) {
        if (!known.finished) known.text = s.content ?? known.text;
        known.finished = known.finished || Boolean(s.finish);
        known.writes++;
      } else {
        const b = this.add({ ...base, kind: 'stream', text: s.content, finished: Boolean(s.finish), streamId: s.id });
        this.streams.set(key, b);
      }
      if (type === 'stream_with_template_card' && body.template_card) return this.card(base, body.template_card);
      return { errcode: 0, errmsg: 'ok' };
    }
    if (type === 'template_card') return this.card(base, body.template_card);
    if (type === 'markdown') {
      this.add({ ...base, kind: 'markdown', text: (body.markdown as { content: string }).content });
      return { errcode: 0, errmsg: 'ok' };
    }
    return this.mediaBubble(base, body);
  }

  private push(body: Record<string, unknown>): { errcode: number; errmsg: string } {
    const userid = body.chatid as string | undefined;
    if (!userid) return { errcode: 40020, errmsg: 'chatid missing' };
    // Documented: the bot can push only into a chat where the person has written to it before.
    if (!this.wrote.has(userid)) return { errcode: 40021, errmsg: 'the person has not talked to the bot yet' };
    const base = { userid, at: Date.now(), writes: 1 };
    const type = body.msgtype as string;
    if (type === 'markdown') {
      const content = (body.markdown as { content?: string } | undefined)?.content ?? '';
      if (Buffer.byteLength(content) > 20480) return { errcode: 40013, errmsg: 'content too long' };
      this.add({ ...base, kind: 'markdown', text: content });
      return { errcode: 0, errmsg: 'ok' };
    }
    if (type === 'template_card') return this.card(base, body.template_card);
    return this.mediaBubble(base, body);
  }

  private card(base: Omit<Bubble, 'seq' | 'kind' | 't'>, raw: unknown): { errcode: number; errmsg: string } {
    const card = raw as CardBody;
    if (!card?.card_type) return { errcode: 40030, errmsg: 'card_type missing' };
    if (card.card_type === 'button_interaction') {
      if (!card.task_id || !/^[A-Za-z0-9_\-@]{1,128}$/.test(card.task_id))
        return { errcode: 40031, errmsg: 'bad task_id' };
      if (this.taskIds.has(card.task_id)) return { errcode: 40032, errmsg: 'duplicate task_id' };
      const buttons = card.button_list ?? [];
      if (!buttons.length || buttons.length > 6) return { errcode: 40033, errmsg: 'button_list 1..6' };
      if (new Set(buttons.map((b) => b.key)).size !== buttons.length) return { errcode: 40034, errmsg: 'dup key' };
      this.taskIds.add(card.task_id);
    }
    this.add({ ...base, kind: 'card', card });
    return { errcode: 0, errmsg: 'ok' };
  }

  private mediaBubble(base: Omit<Bubble, 'seq' | 'kind' | 't'>, body: Record<string, unknown>) {
    const type = body.msgtype as string;
    if (type !== 'file' && type !== 'image') return { errcode: 40040, errmsg: `msgtype ${type} not supported here` };
    const id = (body[type] as { media_id?: string } | undefined)?.media_id ?? '';
    const m = this.media.get(id);
    if (!m) return { errcode: 40041, errmsg: 'invalid media_id' };
    this.add({ ...base, kind: type, media: { mediaId: id, filename: m.filename, bytes: m.bytes } });
    return { errcode: 0, errmsg: 'ok' };
  }

  private upload(cmd: string, body: Record<string, unknown>) {
    if (cmd === 'aibot_upload_media_init') {
      const u: Upload = {
        type: String(body.type),
        filename: String(body.filename),
        total_size: Number(body.total_size),
        total_chunks: Number(body.total_chunks),
        md5: body.md5 as string | undefined,
        chunks: new Map(),
      };
      if (!['file', 'image', 'voice', 'video'].includes(u.type)) return { errcode: 40050, errmsg: 'bad type' };
      if (!(u.total_chunks >= 1 && u.total_chunks <= 100)) return { errcode: 40051, errmsg: 'total_chunks 1..100' };
      const id = this.newId('upload');
      this.uploads.set(id, u);
      return { errcode: 0, errmsg: 'ok', body: { upload_id: id } };
    }
    const u = this.uploads.get(String(body.upload_id));
    if (!u) return { errcode: 40052, errmsg: 'invalid upload_id' };
    if (cmd === 'aibot_upload_media_chunk') {
      const data = Buffer.from(String(body.base64_data ?? ''), 'base64');
      if (data.length > MAX_CHUNK) return { errcode: 40053, errmsg: 'chunk over 512KB' };
      // Idempotent: the same chunk again is ignored.
      if (!u.chunks.has(Number(body.chunk_index))) u.chunks.set(Number(body.chunk_index), data);
      return { errcode: 0, errmsg: 'ok' };
    }
    if (u.chunks.size !== u.total_chunks) return { errcode: 40054, errmsg: 'chunks missing' };
    const bytes = Buffer.concat([...u.chunks.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b));
    if (bytes.length !== u.total_size) return { errcode: 40055, errmsg: 'size mismatch' };
    if (u.md5 && createHash('md5').update(bytes).digest('hex') !== u.md5) return { errcode: 40056, errmsg: 'md5' };
    const mediaId = this.newId('media');
    this.media.set(mediaId, { type: u.type, filename: u.filename, bytes });
    this.uploads.delete(String(body.upload_id));
    return {
      errcode: 0,
      errmsg: 'ok',
      body: { type: u.type, media_id: mediaId, created_at: String(Math.floor(Date.now() / 1000)) },
    };
  }

  private async callback(userid: string, msg: Record<string, unknown>): Promise<string> {
    await this.authenticated();
    const reqId = this.newId('req');
    this.reqIds.set(reqId, { userid, at: Date.now(), kind: 'msg' });
    this.wrote.add(userid);
    const frame: Frame = {
      cmd: 'aibot_msg_callback',
      headers: { req_id: reqId },
      body: {
        msgid: this.newId('msg'),
        aibotid: this.botId,
        chattype: 'single',
        from: { userid },
        create_time: Math.floor(Date.now() / 1000),
        ...msg,
      },
    };
    this.lastCallback = frame;
    this.sentAt.set(reqId, { at: performance.now(), userid });
    this.current!.send(JSON.stringify(frame));
    return reqId;
  }

  private async event(userid: string, event: Record<string, unknown>): Promise<string> {
    await this.authenticated();
    const reqId = this.newId('evt');
    this.reqIds.set(reqId, { userid, at: Date.now(), kind: 'event' });
    this.wrote.add(userid);
    const frame: Frame = {
      cmd: 'aibot_event_callback',
      headers: { req_id: reqId },
      body: {
        msgid: this.newId('msg'),
        create_time: Math.floor(Date.now() / 1000),
        aibotid: this.botId,
        chattype: 'single',
        from: { userid, corpid: 'wwfakecorp' },
        msgtype: 'event',
        event,
      },
    };
    this.lastCallback = frame;
    this.sentAt.set(reqId, { at: performance.now(), userid });
    this.current!.send(JSON.stringify(frame));
    return reqId;
  }

  /** Encrypts and serves bytes as WeCom's file store does; returns the url and the per-file aeskey. */
  private host(bytes: Buffer, filename: string): { url: string; aeskey: string } {
    const key = randomBytes(32);
    const pad = 32 - (bytes.length % 32);
    const padded = Buffer.concat([bytes, Buffer.alloc(pad, pad)]);
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
    cipher.setAutoPadding(false);
    const id = this.newId('file');
    this.files.set(id, { bytes: Buffer.concat([cipher.update(padded), cipher.final()]), filename });
    return { url: `http://127.0.0.1:${this.port}/media/${id}`, aeskey: key.toString('base64') };
  }

  private download(url: string, res: import('node:http').ServerResponse): void {
    const f = this.files.get(url.replace(/^\/media\//, ''));
    if (!f) {
      res.writeHead(404).end();
      return;
    }
    this.downloads++;
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': f.bytes.length,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`,
    });
    res.end(f.bytes);
  }

  private add(b: Omit<Bubble, 'seq' | 't'>): Bubble {
    const bubble = { ...b, seq: ++this.seq, t: performance.now() };
    this.bubbles.push(bubble);
    if (bubble.reqId) {
      const list = this.byReq.get(bubble.reqId) ?? [];
      list.push(bubble);
      this.byReq.set(bubble.reqId, list);
    }
    return bubble;
  }

  private newId(prefix: string): string {
    return `${prefix}_${++this.n}_${randomBytes(4).toString('hex')}`;
  }

  private notify(): void {
    for (const w of [...this.waiters])
      if (w.test()) {
        this.waiters.delete(w);
        w.resolve();
      }
  }
}

/** The text of a person's chat as they read it: every text bubble's final content, in order. */
export function texts(bubbles: Bubble[]): string {
  return bubbles
    .map((b) => b.text ?? (b.card ? `[按钮] ${(b.card.button_list ?? []).map((x) => x.text).join(' / ')}` : ''))
    .filter(Boolean)
    .join('\n');
}
