import { z } from 'zod';
import { cachedTemplate, templatePath } from '../templates/load-template.js';

/** What a channel does with one message from a sender. */
export type ReplyDecision =
  /** Handle it and reply as usual. */
  | 'reply'
  /** Handle it without its replies; send the one notice (`replyLimitNotice`) that the sender is going too fast. */
  | 'notice'
  /** Handle it and send nothing: the sender has been told, the window has not passed. */
  | 'quiet';

export interface ReplyLimitOptions {
  /** Messages of one sender replied to per window. */
  perWindow: number;
  /** The window, sliding (default one minute). */
  windowMs?: number;
  clock?: () => number;
}

/** A person typing answers by hand sends a few a minute; twenty is well past that and well under a ban. */
export const DEFAULT_REPLIES_PER_MINUTE = 20;

interface Sender {
  /** When each message handled in the window came in, oldest first. */
  times: number[];
  noticed: boolean;
}

/**
 * Caps the replies one sender can cause: past `perWindow` messages in the sliding window, the next message's
 * replies are replaced by one notice and the ones after it get none, until the oldest message leaves the
 * window. The channel still handles every message (nothing the person typed is lost, answers are recorded in
 * order); only the replies are held back, so 500 pasted messages do not make 500 replies — an account that
 * sends that fast looks like a spammer to WeChat.
 *
 * In memory on purpose: a window is one minute, so a restart forgets at most a minute of counting, and a
 * counter in the database would cost a write per message for that. Memory holds only senders active in the
 * last window. Any channel can use it (WeChat router, 企业微信).
 *
 * @example
 * const limit = new ReplyLimiter({ perWindow: 20 });
 * const d = limit.admit(personKey);
 * if (d === 'notice') send(replyLimitNotice());
 * const replies = await engine.handle(msg); // handled either way
 * if (d === 'reply') send(replies);
 */
export class ReplyLimiter {
  private readonly senders = new Map<string, Sender>();
  private readonly windowMs: number;
  private readonly clock: () => number;
  private lastSweep = 0;

  constructor(private readonly opts: ReplyLimitOptions) {
    this.windowMs = opts.windowMs ?? 60_000;
    this.clock = opts.clock ?? Date.now;
  }

  /** Decides for one message of `sender` (call once per message, in order). */
  admit(sender: string): ReplyDecision {
    const now = this.clock();
    this.sweep(now);
    const s = this.senders.get(sender) ?? { times: [], noticed: false };
    this.senders.set(sender, s);
    while (s.times.length && (s.times[0] as number) <= now - this.windowMs) s.times.shift();
    if (s.times.length < this.opts.perWindow) {
      s.times.push(now);
      s.noticed = false;
      return 'reply';
    }
    if (s.noticed) return 'quiet';
    s.noticed = true;
    return 'notice';
  }

  /** How many senders are being counted (for tests and logs). */
  get size(): number {
    return this.senders.size;
  }

  /** Forgets senders whose last message left the window, at most once per window. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, s] of this.senders) {
      const last = s.times[s.times.length - 1];
      if (last === undefined || last <= now - this.windowMs) this.senders.delete(key);
    }
  }
}

const textsSchema = z.object({ too_fast: z.string().min(1) });

/** The notice a sender gets once when past the cap (templates/channels.yaml, shared by every channel). */
export function replyLimitNotice(): string {
  return cachedTemplate(textsSchema, templatePath('channels.yaml'), '渠道消息模板').too_fast;
}
