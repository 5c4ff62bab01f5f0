import type { Inbound, MaybePromise, Outbound, OutboxPort } from '../../engine/ports.js';
import { SerialByKey } from '../../engine/serial-by-key.js';
import type { Logger } from '../../outbox/logger.js';
import { type ReplyLimiter, replyLimitNotice } from '../reply-limit.js';
import type { AccessControl } from './access.js';
import { contactAddress, roomAddress } from './addresses.js';
import type { AttemptLimiter } from './attempts.js';
import { type BindingCodes, codeIn } from './binding-codes.js';
import { type ContactInfo, type Identity, IdentityMap } from './identity.js';
import { wechatTexts } from './texts.js';

export { contactAddress, roomAddress };

/** A WeChat message reduced to what routing needs; the wechaty adapter (bot.ts) builds it. */
export interface IncomingMessage {
  id: string;
  self: boolean;
  date: Date;
  isText: boolean;
  /** In a group: the text without the @mention. */
  text: string;
  talker: ContactInfo & { friend?: boolean };
  room?: { id: string; mentionSelf: boolean };
  /** A file sent in the chat (WeChat 文件): its name as sent and its bytes, fetched only when asked for. */
  file?: IncomingFile;
}

export interface IncomingFile {
  name: string;
  /** Bytes as declared by the puppet, when it knows (-1 or undefined: unknown until read). */
  size?: number;
  bytes(): Promise<Buffer>;
}

/** Handles a file from a known, allowed person; null = not a file it wants (the person hears 「只能处理文字」). */
export type FileHook = (
  msg: Omit<Inbound, 'text'> & { isAdmin: boolean; file: IncomingFile },
) => Promise<Outbound[] | null>;

/** Coordinator commands and other handlers that run before the engine; non-null = handled. */
export type MessageHook = (msg: Inbound & { isAdmin: boolean }) => Promise<Outbound[] | null>;

export interface RouterDeps {
  engine: { handle(msg: Inbound): Promise<Outbound[]>; useOutbox?(outbox: OutboxPort): void };
  outbox: OutboxPort & { hasKey(key: string): MaybePromise<boolean> };
  identity: IdentityMap;
  access: AccessControl;
  codes: BindingCodes;
  codeAttempts: AttemptLimiter;
  /** How many contacts in the address book carry this 备注 (a 备注 on two contacts proves nothing). */
  aliasHolders?: (alias: string) => Promise<number>;
  /** Sets the bot account's 备注 of a contact after a binding, so the next login recognises the person. */
  setAlias?: (contactId: string, alias: string) => Promise<void>;
  hooks?: MessageHook[];
  /** Files (a form sent for import by an admin); without it every file gets 「只能处理文字」. */
  fileHook?: FileHook;
  staleAfterMs: number;
  /** Caps the replies one person can cause per minute (issue 21); without it every message is answered. */
  replyLimit?: ReplyLimiter;
  clock?: () => number;
  log: Logger;
}

export type Route =
  | 'self'
  | 'stale'
  | 'duplicate'
  | 'room_not_mentioned'
  | 'not_friend'
  | 'unidentified'
  | 'bound'
  | 'code_refused'
  | 'refused'
  | 'refused_again'
  | 'non_text'
  | 'file'
  | 'hook'
  | 'engine';

/**
 * Decides what to do with each message and puts every reply in the outbox. The order matters: friends only,
 * then who it is (备注 or binding code, never a WeChat name), then whether that person may use the bot.
 * Replies always go to the key of the person who wrote — never to a key taken from the message text — so nobody
 * can reach another person's answers. Each message's replies are enqueued under `reply:<message id>`, which also
 * makes a message delivered twice a no-op.
 */
export class MessageRouter {
  private readonly serial = new SerialByKey();
  private readonly clock: () => number;

  constructor(private readonly deps: RouterDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  /** Messages of one contact are routed strictly in order (identity look-ups are async). */
  route(m: IncomingMessage): Promise<Route> {
    return this.serial.run(m.talker.id, () => this.routeNow(m));
  }

  private async routeNow(m: IncomingMessage): Promise<Route> {
    const { outbox, access, identity, log } = this.deps;
    if (m.self) return 'self';
    if (this.clock() - m.date.getTime() > this.deps.staleAfterMs) {
      log('info', 'message_stale', { id: m.id, age_s: Math.round((this.clock() - m.date.getTime()) / 1000) });
      return 'stale';
    }
    if (m.room && !m.room.mentionSelf) return 'room_not_mentioned';
    const replyKey = `reply:${m.id}`;
    if (await outbox.hasKey(replyKey)) return 'duplicate';
    const say = (to: string, items: Outbound[], suffix = '') => outbox.enqueue(to, items, { key: replyKey + suffix });
    const text = (t: string): Outbound[] => [{ kind: 'text', text: t }];
    const inRoom = (t: string) => say(roomAddress(m.room!.id), text(t), ':room');
    const toContact = (t: string) => say(contactAddress(m.talker.id), text(t));

    // Friends first: nobody outside the bot's friends is looked up, mapped or answered in private.
    if (m.talker.friend === false) {
      if (m.room) await inRoom(wechatTexts.groupNotFriend(m.talker.name));
      else await say(contactAddress(m.talker.id), []);
      return 'not_friend';
    }

    // A binding code: from someone not yet known it may be just the six digits; from a known person only as
    // 「绑定 123456」, since six digits are also a plausible answer to a question.
    const code = m.room || !m.isText ? undefined : codeIn(m.text);
    if (code && (!(await identity.knows(m.talker.id)) || /^\s*绑定/.test(m.text)))
      return this.redeem(m, code, toContact, () => say(contactAddress(m.talker.id), []));

    const alias = IdentityMap.aliasOf(m.talker);
    const holders = alias && !(await identity.knows(m.talker.id)) ? await this.deps.aliasHolders?.(alias) : undefined;
    const who = await identity.identify(m.talker, {
      guests: access.allowsEveryone(),
      aliasHolders: holders,
      allow: (key) => access.isAllowed(key),
    });
    if (!who.ok) return this.unidentified(m, who, m.room ? inRoom : toContact, say);
    const key = who.key;

    if (!(await access.isAllowed(key))) {
      const first = await access.firstRefusal(key);
      log('info', 'refused', { key, first, room: Boolean(m.room) });
      if (first) await (m.room ? inRoom(wechatTexts.groupRefused(m.talker.name)) : say(key, text(wechatTexts.refused)));
      else await say(key, []);
      return first ? 'refused' : 'refused_again';
    }
    await access.forgetRefusal(key);
    // Admin rights need a proven identity: a guest of ALLOW_ALL is never an admin, whatever it is called.
    const isAdmin = who.via !== 'guest' && access.isAdmin(key);

    // One person sending hundreds of messages gets one notice, not hundreds of replies. Every message is still
    // handled (nothing typed is lost): past the cap its replies are held back by taking their outbox keys first —
    // this router's, the group's, and the engine's own (`reply:<inbound id>:text`) — so each enqueue is a no-op.
    const inbound: Inbound = { id: `wx:${m.id}`, user: key, text: m.text, at: m.date };
    const pace = this.deps.replyLimit?.admit(key) ?? 'reply';
    if (pace !== 'reply') {
      if (pace === 'notice') log('warn', 'too_fast', { key });
      await say(key, pace === 'notice' ? text(replyLimitNotice()) : []);
      await say(key, [], ':room');
      await outbox.enqueue(key, [], { key: `reply:${inbound.id}:text` });
    }

    if (!m.isText) {
      // Files are private business: in a group they get the same answer as any non-text message.
      const out =
        m.file && !m.room
          ? await this.deps.fileHook?.({ id: `wx:${m.id}`, user: key, at: m.date, isAdmin, file: m.file })
          : null;
      await say(key, out ?? text(wechatTexts.textOnly));
      return out ? 'file' : 'non_text';
    }
    // The form is personal: answer briefly in the group, carry on in private.
    if (m.room) await inRoom(wechatTexts.groupToPrivate(m.talker.name));

    for (const hook of this.deps.hooks ?? []) {
      const out = await hook({ ...inbound, isAdmin });
      if (out) {
        await say(key, out);
        return 'hook';
      }
    }
    say(key, await this.deps.engine.handle(inbound));
    return 'engine';
  }

  /** Someone the bot cannot tell apart: asked once for a binding code; admins hear of collisions. */
  private async unidentified(
    m: IncomingMessage,
    who: Extract<Identity, { ok: false }>,
    reply: (t: string) => MaybePromise<unknown>,
    say: (to: string, items: Outbound[]) => MaybePromise<unknown>,
  ): Promise<Route> {
    const { access, identity, log } = this.deps;
    const name = m.talker.name.normalize('NFKC').trim();
    log('warn', 'identity_refused', { contact_id: m.talker.id, reason: who.reason, key: who.key ?? null });
    if (await access.firstRefusal(`#unidentified:${m.talker.id}`)) {
      const mention = m.room ? `@${m.talker.name} ` : '';
      await reply(mention + (who.reason === 'unbound' ? wechatTexts.askForCode : wechatTexts.identityConflict));
      let notice: string | undefined;
      if (who.reason === 'conflict') notice = wechatTexts.conflictAdmin(who.key ?? '');
      else if (who.reason === 'ambiguous') notice = wechatTexts.ambiguousAdmin(who.key ?? '', name);
      else if (who.reason === 'reserved') notice = wechatTexts.unusableNameAdmin(name);
      // A name that is someone's key is how a takeover starts: admins hear of it.
      else if (name && ((await identity.isKnownKey(name)) || (await access.isAllowed(name)) || access.isAdmin(name)))
        notice = wechatTexts.nameCollisionAdmin(name);
      if (notice) await this.notifyAdmins(notice, `admin:unidentified:${m.talker.id}`);
    }
    await say(contactAddress(m.talker.id), []); // remembers the message id
    return 'unidentified';
  }

  private async redeem(
    m: IncomingMessage,
    code: string,
    reply: (t: string) => MaybePromise<unknown>,
    silent: () => MaybePromise<unknown>,
  ): Promise<Route> {
    const { codes, codeAttempts, identity, access, log } = this.deps;
    const who = m.talker.id;
    const verdict = await codeAttempts.check(who);
    if (verdict.busy) await this.codeGuessingNotice();
    if (!verdict.ok) {
      log('warn', 'binding_code_throttled', { contact_id: who, why: verdict.why });
      // Said once per wait, then silence: a guesser cannot make the bot send one reply per guess.
      const slowed = verdict.why === 'slowed';
      const window = slowed ? verdict.minutes * 60_000 : 3_600_000;
      if (await access.firstRefusal(`#code-throttled:${who}:${verdict.why}:${Math.floor(this.clock() / window)}`))
        await reply(slowed ? wechatTexts.codeSlowed(verdict.minutes) : wechatTexts.codeTooMany);
      else await silent();
      return 'code_refused';
    }
    const r = await codes.redeem(code, who);
    await codeAttempts.record(who, r.ok);
    if (!r.ok) {
      log('warn', 'binding_code_failed', { contact_id: who, reason: r.reason });
      if (!verdict.busy && (await codeAttempts.busy())) await this.codeGuessingNotice();
      await reply(r.reason === 'expired' ? wechatTexts.codeExpired : wechatTexts.codeWrong);
      return 'code_refused';
    }
    await identity.bind(m.talker, r.key);
    await access.forgetRefusal(r.key);
    await access.forgetRefusal(`#unidentified:${who}`);
    log('info', 'bound', { key: r.key, contact_id: who });
    await reply(wechatTexts.bound(r.key));
    await this.notifyAdmins(wechatTexts.boundAdmin(r.key, m.talker.name), `admin:bound:${m.id}`);
    // Best effort: with the 备注 set, the next login recognises the person without a new code.
    void this.deps.setAlias?.(who, r.key).catch((e) => log('warn', 'set_alias_failed', { key: r.key, error: e }));
    return 'bound';
  }

  /**
   * Everyone together is past the hourly limit of wrong codes: someone is guessing with several accounts.
   * Admins hear it once an hour; contacts that already failed are slowed down, valid codes keep working.
   */
  private async codeGuessingNotice(): Promise<void> {
    const { codeAttempts } = this.deps;
    await this.notifyAdmins(
      wechatTexts.codeGuessingAdmin(await codeAttempts.failures()),
      `admin:code-guessing:${Math.floor(this.clock() / 3_600_000)}`,
    );
  }

  async notifyAdmins(text: string, key: string): Promise<void> {
    for (const admin of this.deps.access.admins())
      await this.deps.outbox.enqueue(admin, [{ kind: 'text', text }], { key: `${key}:${admin}` });
  }
}
