import type { Inbound, Outbound, OutboxPort } from '../../engine/ports.js';
import type { Logger } from '../../outbox/logger.js';
import type { AccessControl } from './access.js';
import type { ContactInfo, IdentityMap } from './identity.js';
import { SerialByKey } from './serial.js';
import { wechatTexts } from './texts.js';

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
}

/** Coordinator commands and other handlers that run before the engine; non-null = handled. */
export type MessageHook = (msg: Inbound & { isAdmin: boolean }) => Promise<Outbound[] | null>;

export interface RouterDeps {
  engine: { handle(msg: Inbound): Promise<Outbound[]>; useOutbox?(outbox: OutboxPort): void };
  outbox: OutboxPort & { hasKey(key: string): boolean };
  identity: IdentityMap;
  access: AccessControl;
  hooks?: MessageHook[];
  staleAfterMs: number;
  clock?: () => number;
  log: Logger;
}

export type Route =
  | 'self'
  | 'stale'
  | 'duplicate'
  | 'room_not_mentioned'
  | 'identity_conflict'
  | 'refused'
  | 'refused_again'
  | 'not_friend'
  | 'non_text'
  | 'hook'
  | 'engine';

/** Address of a contact for this login only: for people who cannot be given a key. */
export const contactAddress = (id: string) => `contact:${id}`;
export const roomAddress = (id: string) => `room:${id}`;

/**
 * Decides what to do with each message and puts every reply in the outbox. Replies always go to the
 * key of the person who wrote — never to a key taken from the message text — so nobody can reach
 * another person's answers. Each message's replies are enqueued under `reply:<message id>`, which also
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
    if (outbox.hasKey(replyKey)) return 'duplicate';
    const say = (to: string, items: Outbound[], suffix = '') => outbox.enqueue(to, items, { key: replyKey + suffix });
    const text = (t: string): Outbound[] => [{ kind: 'text', text: t }];
    const inRoom = (t: string) => say(roomAddress(m.room!.id), text(t), ':room');

    const who = identity.identify(m.talker);
    if (!who.ok) {
      log('warn', 'identity_conflict', {
        contact_id: m.talker.id,
        name: m.talker.name,
        key: who.key,
        reason: who.reason,
      });
      if (access.firstRefusal(`#unidentified:${m.talker.id}`)) {
        if (m.room) inRoom(`@${m.talker.name} ${wechatTexts.identityConflict}`);
        else say(contactAddress(m.talker.id), text(wechatTexts.identityConflict));
        const notice =
          who.reason === 'conflict' ? wechatTexts.conflictAdmin(who.key) : wechatTexts.unusableNameAdmin(m.talker.name);
        this.notifyAdmins(notice, `admin:unidentified:${m.talker.id}`);
      }
      say(m.talker.id, []); // remembers the message id
      return 'identity_conflict';
    }
    const key = who.key;

    if (!access.isAllowed(key)) {
      const first = access.firstRefusal(key);
      log('info', 'refused', { key, first, room: Boolean(m.room) });
      if (first) m.room ? inRoom(wechatTexts.groupRefused(m.talker.name)) : say(key, text(wechatTexts.refused));
      else say(key, []);
      return first ? 'refused' : 'refused_again';
    }
    access.forgetRefusal(key);

    if (!m.isText) {
      say(key, text(wechatTexts.textOnly));
      return 'non_text';
    }
    if (m.room) {
      if (m.talker.friend === false) {
        inRoom(wechatTexts.groupNotFriend(m.talker.name));
        say(key, []);
        return 'not_friend';
      }
      // The form is personal: answer briefly in the group, carry on in private.
      inRoom(wechatTexts.groupToPrivate(m.talker.name));
    }

    const inbound: Inbound = { id: `wx:${m.id}`, user: key, text: m.text, at: m.date };
    for (const hook of this.deps.hooks ?? []) {
      const out = await hook({ ...inbound, isAdmin: access.isAdmin(key) });
      if (out) {
        say(key, out);
        return 'hook';
      }
    }
    say(key, await this.deps.engine.handle(inbound));
    return 'engine';
  }

  notifyAdmins(text: string, key: string): void {
    for (const admin of this.deps.access.admins())
      this.deps.outbox.enqueue(admin, [{ kind: 'text', text }], { key: `${key}:${admin}` });
  }
}
