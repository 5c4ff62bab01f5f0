import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { MaybePromise, NewOutboxRow, Outbound, OutboxPort, StoreTx } from '../engine/ports.js';
import type { Lane, OutboxRecord, OutboxRows, OutboxStatus } from '../store/outbox-rows.js';
import { type Logger, silentLogger } from './logger.js';
import { DEFAULT_MAX_CHARS, splitText } from './split-text.js';

export type { OutboxStatus } from '../store/outbox-rows.js';

/**
 * What may be enqueued: the engine's replies, where a text may carry the closed answers of the question it
 * asks (`choices`, each a text the engine accepts when typed) for a channel that can show them as buttons.
 */
export type OutboxItem = Outbound & { choices?: readonly string[] };

export interface EnqueueOptions {
  /** Makes the enqueue idempotent: the same key is never enqueued twice. */
  key?: string;
  /** Not before this time. */
  at?: Date;
  /** The channel's handle for answering in context (WeCom: the req_id of the message being answered). */
  ref?: string;
}

/** One message as the sender sees it. `to` is a person's stable key, or `room:<id>` for a group. */
export type OutboxMessage = {
  id: number;
  to: string;
  key: string | null;
  attempts: number;
  /** The channel that enqueued it (null: rows from before channels had lanes). */
  channel: string | null;
  /** See EnqueueOptions.ref. */
  ref: string | null;
} & ({ kind: 'text'; text: string; choices?: string[] } | { kind: 'file'; path: string; name: string });

export type Sender = (m: OutboxMessage) => Promise<void>;

/**
 * Thrown by a sender that may not send this message yet (a channel's rate limit: WeCom allows 30 messages a
 * minute per chat and 30 uploads a minute per bot). The message is tried again after `ms`, and the attempt does
 * not count towards parking it.
 */
export class SendLater extends Error {
  constructor(
    readonly ms: number,
    reason = 'rate limit',
  ) {
    super(reason);
  }
}

export interface OutboxOptions {
  /** The outbox table (store/sqlite/outbox-rows.ts, store/postgres/outbox-rows.ts). */
  rows: OutboxRows;
  send: Sender;
  /**
   * The channel this outbox sends for (letters, digits, _ and -), stamped on every row it enqueues. Pacing and
   * the other options are per channel: WeChat pauses between sends, WeCom need not.
   */
  channel?: string;
  /**
   * Which rows it sends when several channels share the table: every row (default, one channel), only its own
   * channel's, or its own and the unmarked ones (rows enqueued before lanes existed).
   */
  serves?: 'all' | 'own' | 'own+unmarked';
  /** Sends in flight at once (different recipients; one person's messages stay in order). Default 1. */
  concurrency?: number;
  /** Pause between two sends; WeChat bans accounts that send fast. */
  intervalMs?: number;
  /** A random 0…jitterMs is added to every pause, so the rhythm does not look scripted. */
  jitterMs?: number;
  maxChars?: number;
  /** Attempts before a message is parked (not retried any more, admins told). */
  maxAttempts?: number;
  /** First retry delay; doubles at each failure up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A send that neither succeeds nor fails within this time counts as failed. */
  sendTimeoutMs?: number;
  /**
   * What to do at start-up with a message that was being sent when the process died: we cannot know
   * whether WeChat delivered it. 'resend' (default) = at-least-once for that one message (a possible
   * duplicate beats a lost question or report); 'park' = at-most-once (it is parked and admins told).
   */
  afterCrash?: 'resend' | 'park';
  /** Who claims rows: unique per process, so two processes on one data dir never take each other's rows. */
  owner?: string;
  /**
   * A claimed row belongs to its owner this long; the owner renews it while sending. Only a row whose lease ran
   * out (its process died) is recovered by another — a live process's message is never sent twice.
   */
  leaseMs?: number;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  log?: Logger;
  /** Called once when a message is parked. */
  onParked?: (m: OutboxMessage, error: string) => void;
}

const iso = (ms: number) => new Date(ms).toISOString();

export type SendResult = 'sent' | 'failed' | 'idle';

export const DEFAULT_INTERVAL_MS = 1500;
export const DEFAULT_JITTER_MS = 500;

const realSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    // unref: a pending pause never keeps the process alive after stop().
    setTimeout(resolve, ms).unref();
  });

/**
 * The rows one enqueue writes: each text split to the channel's length (its choices on the last part, which asks
 * the question), each file one row, all stamped with the channel's lane and the key.
 *
 * @example
 * outboxRows('张三', [{ kind: 'text', text: '好的' }], { key: 'reply:m-1:text' }, { channel: null, maxChars: 1800, now: Date.now() });
 */
export function outboxRows(
  to: string,
  items: OutboxItem[],
  opts: EnqueueOptions,
  lane: { channel: string | null; maxChars: number; now: number },
): NewOutboxRow[] {
  const base = {
    to,
    enqueueKey: opts.key ?? null,
    nextAt: opts.at ? opts.at.getTime() : lane.now,
    createdAt: new Date(lane.now).toISOString(),
    channel: lane.channel,
    ref: opts.ref ?? null,
  };
  const rows: NewOutboxRow[] = [];
  for (const item of items) {
    if (item.kind === 'text') {
      const chunks = splitText(item.text, lane.maxChars);
      const choices = item.choices?.length ? JSON.stringify(item.choices) : null;
      for (const [i, chunk] of chunks.entries())
        rows.push({
          ...base,
          kind: 'text',
          body: chunk,
          name: null,
          choices: i === chunks.length - 1 ? choices : null,
        });
    } else rows.push({ ...base, kind: 'file', body: item.path, name: item.name, choices: null });
  }
  return rows;
}

/**
 * A persistent outbox: everything the bot says is written here first and sent one message at a time, paced,
 * in order per recipient. A row goes queued → sending → sent (or parked), each step its own committed UPDATE
 * guarded by the previous status (the OutboxRows port, one adapter per backend), so a restart sends what was not
 * sent and never sends twice what was marked sent — also with several processes on one database.
 *
 * @example
 * const outbox = new Outbox({ rows: new SqliteOutboxRows(db), send: async (m) => channel.say(m) });
 * await outbox.enqueue('王科长', [{ kind: 'text', text: '第 1/7 项｜单位名称' }], { key: 'reply:m1' });
 * outbox.start();
 */
export class Outbox implements OutboxPort {
  private readonly rows: OutboxRows;
  private readonly opts: Required<Omit<OutboxOptions, 'onParked' | 'rows' | 'send' | 'channel'>> &
    Pick<OutboxOptions, 'onParked' | 'channel'>;
  private readonly laneOf: Lane;
  /** The recipient served last: the next send goes to the next recipient in turn (round-robin). */
  private lastTo = '';
  private readonly mine = new Set<number>();
  private readonly send: Sender;
  private nextAllowedAt = 0;
  private running = false;
  private paused = false;
  private loop: Promise<unknown> | undefined;
  private waiters: Array<() => void> = [];
  /** Resolves at stop(): a pause between sends never delays a shutdown. */
  private halt: Promise<void> = new Promise<void>(() => {});
  private haltNow: (() => void) | undefined;
  private halted = false;
  /** Counts enqueues and resumes: a loop that saw it change while it looked does not go to sleep. */
  private pokes = 0;
  /** The start-up recovery (rows of dead processes), awaited before the first send; tried again if it failed. */
  private booted: Promise<void> | undefined;

  constructor(options: OutboxOptions) {
    this.rows = options.rows;
    this.send = options.send;
    if (options.channel !== undefined && !/^[a-z0-9_-]{1,32}$/.test(options.channel))
      throw new Error(`outbox channel must be letters, digits, _ or -: ${options.channel}`);
    this.opts = {
      channel: options.channel,
      serves: options.serves ?? 'all',
      concurrency: Math.max(1, Math.floor(options.concurrency ?? 1)),
      intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
      jitterMs: options.jitterMs ?? DEFAULT_JITTER_MS,
      maxChars: options.maxChars ?? DEFAULT_MAX_CHARS,
      maxAttempts: options.maxAttempts ?? 5,
      backoffMs: options.backoffMs ?? 5_000,
      maxBackoffMs: options.maxBackoffMs ?? 10 * 60_000,
      sendTimeoutMs: options.sendTimeoutMs ?? 120_000,
      afterCrash: options.afterCrash ?? 'resend',
      owner: options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
      leaseMs: options.leaseMs ?? 60_000,
      clock: options.clock ?? Date.now,
      sleep: options.sleep ?? realSleep,
      random: options.random ?? Math.random,
      log: options.log ?? silentLogger,
      onParked: options.onParked,
    };
    if (this.opts.serves !== 'all' && this.opts.channel === undefined)
      throw new Error('an outbox that serves only its own rows needs a channel');
    this.laneOf = { serves: this.opts.serves, channel: this.opts.channel };
    // Runs at once as far as a synchronous adapter goes; a send waits for the rest.
    void this.boot().catch(() => undefined);
  }

  /** The start-up recovery, once; a failure (the database not reachable or not migrated yet) is retried at the next send. */
  private boot(): Promise<void> {
    this.booted ??= this.recoverFromDeadProcesses()
      .then(() => this.recover())
      .catch((e) => {
        this.booted = undefined;
        this.opts.log('error', 'outbox_recovery_failed', { error: e });
        throw e;
      });
    return this.booted;
  }

  /**
   * Writes the messages (all or none); with a key, only once ever (false when the key was used).
   *
   * @example await outbox.enqueue('王科长', [{ kind: 'text', text: '请继续填写' }], { key: 'nudge:1:王科长:-1d' })
   */
  async enqueue(to: string, items: OutboxItem[], opts: EnqueueOptions = {}): Promise<boolean> {
    const now = this.opts.clock();
    const done = await this.rows.enqueue(opts.key ?? null, this.rowsFor(to, items, opts, now), iso(now));
    if (done) this.wake();
    return done;
  }

  /**
   * Enqueues through a transaction of the conversation's store (a turn's): the rows commit with the turn's
   * answers, and the sender is woken once they have.
   */
  enqueueIn(tx: StoreTx, to: string, items: OutboxItem[], opts: EnqueueOptions = {}): MaybePromise<boolean> {
    const now = this.opts.clock();
    tx.afterCommit(() => this.wake());
    return tx.enqueueOutbox(opts.key ?? null, this.rowsFor(to, items, opts, now), iso(now));
  }

  private rowsFor(to: string, items: OutboxItem[], opts: EnqueueOptions, now: number): NewOutboxRow[] {
    return outboxRows(to, items, opts, { channel: this.opts.channel ?? null, maxChars: this.opts.maxChars, now });
  }

  /** Whether an enqueue with this key already happened (the message it answers was handled). */
  async hasKey(key: string): Promise<boolean> {
    return this.rows.hasKey(key);
  }

  /** The channel that last answered a message of this person (where they talk to the bot), if any. */
  async lastReplyChannel(to: string): Promise<string | undefined> {
    return this.rows.lastReplyChannel(to);
  }

  private claim() {
    return { owner: this.opts.owner, leaseUntil: this.opts.clock() + this.opts.leaseMs };
  }

  /** Sends at most one due message, after the pause since the previous attempt. */
  async sendNext(): Promise<SendResult> {
    await this.boot();
    await this.recover();
    if (!(await this.due())) return 'idle';
    const wait = this.nextAllowedAt - this.opts.clock();
    if (wait > 0) {
      await Promise.race([this.opts.sleep(wait), this.halt]);
      if (this.halted) return 'idle';
    }
    // Enqueues or another sender may have changed the queue during the pause: claim what is due now.
    const now = this.opts.clock();
    const row =
      (await this.rows.claimNext(this.laneOf, this.lastTo, now, this.claim())) ??
      (this.lastTo === '' ? undefined : await this.rows.claimNext(this.laneOf, '', now, this.claim()));
    if (!row) return 'idle';
    const result = await this.sendRow(row);
    this.nextAllowedAt = this.opts.clock() + this.opts.intervalMs + Math.floor(this.opts.random() * this.opts.jitterMs);
    return result;
  }

  /**
   * Sends now, in order, every due message to one recipient, unpaced — for a channel that reaches a person only
   * when they write (the terminal: what was queued for them is shown before the reply). Returns how many were sent.
   *
   * @example await outbox.sendDueTo('张三'); // prints 张三's 催办, then the reply
   */
  async sendDueTo(to: string): Promise<number> {
    await this.boot();
    await this.recover();
    let n = 0;
    for (;;) {
      const row = await this.rows.claimNextFor(to, this.opts.clock(), this.claim());
      if (!row || (await this.sendRow(row)) !== 'sent') return n;
      n++;
    }
  }

  /** Sends one claimed row and marks it sent, retried or parked. */
  private async sendRow(row: OutboxRecord): Promise<SendResult> {
    const { owner, leaseMs } = this.opts;
    this.lastTo = row.to;
    const msg = toMessage(row);
    let result: SendResult;
    this.mine.add(row.id);
    // The heartbeat: while this process lives and sends, nobody else takes the row.
    const beat = setInterval(
      () => {
        // A renewal that fails (the database is unreachable for a moment) is tried at the next beat.
        try {
          void Promise.resolve(this.renewLeases()).catch(() => undefined);
        } catch {}
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
    beat.unref();
    try {
      try {
        await this.withTimeout(this.send(msg));
      } finally {
        clearInterval(beat);
      }
      await this.rows.markSent(row.id, owner, new Date(this.opts.clock()).toISOString());
      result = 'sent';
    } catch (e) {
      if (e instanceof SendLater) {
        await this.rows.later(row.id, owner, this.opts.clock() + Math.max(0, e.ms));
        result = 'idle';
      } else {
        await this.failed(msg, e instanceof Error ? e.message : String(e));
        result = 'failed';
      }
    } finally {
      this.mine.delete(row.id);
    }
    return result;
  }

  /** Extends the lease of every row this process is sending (the heartbeat calls it; tests too). */
  renewLeases(): MaybePromise<void> {
    if (this.mine.size === 0) return;
    return this.rows.renew([...this.mine], this.opts.owner, this.opts.clock() + this.opts.leaseMs);
  }

  private async due(): Promise<OutboxRecord | undefined> {
    const now = this.opts.clock();
    return (
      (await this.rows.peekNext(this.laneOf, this.lastTo, now)) ??
      (this.lastTo === '' ? undefined : await this.rows.peekNext(this.laneOf, '', now))
    );
  }

  /** Sends everything due now; with untilEmpty, also waits out retries until nothing is queued. */
  async drain(opts: { untilEmpty?: boolean } = {}): Promise<void> {
    for (;;) {
      const r = await this.sendNext();
      if (r !== 'idle') continue;
      const due = await this.earliestQueued();
      if (!opts.untilEmpty || due === undefined) return;
      await this.opts.sleep(Math.max(0, due - this.opts.clock()));
    }
  }

  /** Sends in the background until stop(): wakes on enqueue, sleeps until the next retry is due. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.halted = false;
    this.halt = new Promise<void>((resolve) => (this.haltNow = resolve));
    const worker = async () => {
      while (this.running) {
        const pokes = this.pokes;
        const r = this.paused
          ? 'idle'
          : await this.sendNext().catch((e) => {
              this.opts.log('error', 'outbox_loop_error', { error: e });
              return 'idle' as const;
            });
        // Something was enqueued while this turn ran: look again before waiting.
        if (r !== 'idle' || !this.running || this.pokes !== pokes) continue;
        const due = this.paused ? undefined : await this.earliestQueued().catch(() => this.opts.clock() + 1000);
        if (!this.running || this.pokes !== pokes) continue;
        const woken = new Promise<void>((resolve) => this.waiters.push(resolve));
        await (due === undefined
          ? woken
          : Promise.race([woken, this.opts.sleep(Math.max(0, due - this.opts.clock()))]));
      }
    };
    this.loop = Promise.all(Array.from({ length: this.opts.concurrency }, worker));
  }

  /** Stops after the message being sent (if any) is marked. */
  async stop(): Promise<void> {
    this.running = false;
    this.halted = true;
    this.haltNow?.();
    this.wake();
    await this.loop;
    this.loop = undefined;
  }

  /** While logged out nothing can be sent: hold the queue instead of burning retries. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake();
  }

  /**
   * How many rows in each status (the whole table).
   *
   * @example (await outbox.counts()).parked // 0
   */
  async counts(): Promise<Record<OutboxStatus, number>> {
    return this.rows.counts();
  }

  private async earliestQueued(): Promise<number | undefined> {
    return this.rows.earliestDue(this.laneOf);
  }

  private wake(): void {
    this.pokes++;
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  private async failed(msg: OutboxMessage, error: string): Promise<void> {
    if (msg.attempts >= this.opts.maxAttempts) {
      await this.rows.park(msg.id, error);
      this.opts.log('error', 'outbox_parked', {
        id: msg.id,
        to: msg.to,
        kind: msg.kind,
        attempts: msg.attempts,
        error,
      });
      this.opts.onParked?.(msg, error);
      return;
    }
    const delay = Math.min(this.opts.maxBackoffMs, this.opts.backoffMs * 2 ** (msg.attempts - 1));
    await this.rows.retry(msg.id, this.opts.owner, this.opts.clock() + delay, error);
    this.opts.log('warn', 'outbox_send_failed', {
      id: msg.id,
      to: msg.to,
      kind: msg.kind,
      attempt: msg.attempts,
      retry_in_ms: delay,
      error,
    });
  }

  /**
   * Messages left 'sending' by a process that died (its lease ran out): the at-least-once / at-most-once choice,
   * see afterCrash. A row whose owner is alive and renewing its lease is never touched.
   */
  private async recover(): Promise<void> {
    const now = this.opts.clock();
    for (const row of await this.rows.expired(this.laneOf, now)) {
      if (this.mine.has(row.id)) continue;
      await this.recoverRow(row, { expiredBefore: now });
    }
  }

  private async recoverRow(row: OutboxRecord, guard: { owner: string } | { expiredBefore: number }): Promise<void> {
    if (this.opts.afterCrash === 'park') {
      const error = 'interrupted while sending; not resent (at-most-once)';
      if (!(await this.rows.recover(row.id, guard, { parked: error }))) return;
      this.opts.log('warn', 'outbox_parked_after_crash', { id: row.id, to: row.to });
      this.opts.onParked?.(toMessage(row), error);
    } else if (await this.rows.recover(row.id, guard, 'queued'))
      this.opts.log('warn', 'outbox_resend_after_crash', { id: row.id, to: row.to });
  }

  /**
   * At start-up: rows another process on this machine left 'sending' when it died (kill -9, power cut) are
   * recovered at once instead of after their lease (a minute), with the same afterCrash choice. The owner is
   * `host:pid:random`; a pid that is alive — the owner, or another process that reused its pid — is left alone.
   */
  private async recoverFromDeadProcesses(): Promise<void> {
    const host = hostname();
    for (const row of await this.rows.othersSending(this.laneOf, this.opts.owner)) {
      const m = /^(.*):(\d+):[0-9a-f]+$/.exec(row.owner ?? '');
      // Our own pid under another owner is an earlier life of this pid (a container restarts with the same pid).
      const pid = Number(m?.[2]);
      if (!m || m[1] !== host || (pid !== process.pid && processAlive(pid))) continue;
      await this.recoverRow(row, { owner: row.owner as string });
    }
  }

  private async withTimeout(p: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      // setTimeout overflows above 2^31-1 ms and would fire at once.
      timer = setTimeout(
        () => reject(new Error(`send timed out after ${this.opts.sendTimeoutMs} ms`)),
        Math.min(this.opts.sendTimeoutMs, 2 ** 31 - 1),
      );
      timer.unref();
    });
    try {
      await Promise.race([p, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function toMessage(row: OutboxRecord): OutboxMessage {
  const base = {
    id: row.id,
    to: row.to,
    key: row.key,
    attempts: row.attempts,
    channel: row.channel ?? null,
    ref: row.ref ?? null,
  };
  if (row.kind === 'file') return { ...base, kind: 'file', path: row.body, name: row.name ?? 'file' };
  const choices = row.choices ? (JSON.parse(row.choices) as string[]) : undefined;
  return { ...base, kind: 'text', text: row.body, ...(choices ? { choices } : {}) };
}

/** Whether a process with this pid runs on this machine (EPERM: it does, under another user). */
function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
