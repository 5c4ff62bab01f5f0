import type { WsFrame } from '@wecom/aibot-node-sdk';

/**
 * A callback frame reduced to what routing needs. Built from the documented shapes (智能机器人长连接,
 * 接收消息 and 接收事件): `from.userid` is the person, verified by WeCom — never a display name.
 */
export type WecomIncoming = {
  /** The callback's msgid: WeCom may deliver the same callback twice; it is handled once. */
  msgid: string;
  /** The req_id to answer on. */
  reqId: string;
  userid: string;
  /** A group chat where the bot was @-mentioned. */
  group?: string;
  at: Date;
} & (
  | { kind: 'text'; text: string }
  | { kind: 'file'; url: string; aeskey?: string }
  | { kind: 'click'; eventKey: string; taskId: string }
  | { kind: 'enter_chat' }
  | { kind: 'disconnected' }
  /** Images, videos, feedback and anything new: answered with 「只能处理文字」 or ignored. */
  | { kind: 'other'; what: string }
);

type Body = Record<string, unknown> & {
  msgid?: string;
  msgtype?: string;
  chatid?: string;
  chattype?: string;
  create_time?: number;
  from?: { userid?: string };
};

/** Null for a frame that is not a callback or lacks who sent it (nothing to answer). */
export function incomingOf(frame: WsFrame, now: () => Date = () => new Date()): WecomIncoming | null {
  const body = frame.body as Body | undefined;
  const reqId = frame.headers?.req_id;
  if (!body || !reqId || typeof body.msgid !== 'string') return null;
  const base = {
    msgid: body.msgid,
    reqId,
    at: typeof body.create_time === 'number' ? new Date(body.create_time * 1000) : now(),
  };
  if (frame.cmd === 'aibot_event_callback') {
    const event = (body.event ?? {}) as Record<string, unknown> & { eventtype?: string };
    if (event.eventtype === 'disconnected_event') return { ...base, userid: '', kind: 'disconnected' };
    const userid = body.from?.userid;
    if (!userid) return null;
    const who = { ...base, userid, ...(body.chattype === 'group' && body.chatid ? { group: body.chatid } : {}) };
    if (event.eventtype === 'enter_chat') return { ...who, kind: 'enter_chat' };
    if (event.eventtype === 'template_card_event') {
      // The documented shape nests the click (event.template_card_event.event_key); the SDK's types put the keys
      // on the event itself. Both are read.
      const nested = (event.template_card_event ?? {}) as { event_key?: unknown; task_id?: unknown };
      const eventKey = nested.event_key ?? event.event_key;
      const taskId = nested.task_id ?? event.task_id;
      if (typeof eventKey !== 'string') return { ...who, kind: 'other', what: 'template_card_event' };
      return { ...who, kind: 'click', eventKey, taskId: typeof taskId === 'string' ? taskId : '' };
    }
    return { ...who, kind: 'other', what: String(event.eventtype) };
  }
  if (frame.cmd !== 'aibot_msg_callback') return null;
  const userid = body.from?.userid;
  if (!userid) return null;
  const who = { ...base, userid, ...(body.chattype === 'group' && body.chatid ? { group: body.chatid } : {}) };
  const part = <T>(k: string) => body[k] as T | undefined;
  switch (body.msgtype) {
    case 'text':
      return { ...who, kind: 'text', text: withoutMention(part<{ content?: string }>('text')?.content ?? '', who) };
    // Voice arrives as text already (语音转成文本).
    case 'voice':
      return { ...who, kind: 'text', text: part<{ content?: string }>('voice')?.content ?? '' };
    case 'mixed': {
      const items = part<{ msg_item?: Array<{ msgtype?: string; text?: { content?: string } }> }>('mixed')?.msg_item;
      const text = (items ?? [])
        .filter((i) => i.msgtype === 'text')
        .map((i) => i.text?.content ?? '')
        .join('\n');
      return text.trim()
        ? { ...who, kind: 'text', text: withoutMention(text, who) }
        : { ...who, kind: 'other', what: 'mixed' };
    }
    case 'file': {
      const f = part<{ url?: string; aeskey?: string }>('file');
      return f?.url ? { ...who, kind: 'file', url: f.url, aeskey: f.aeskey } : { ...who, kind: 'other', what: 'file' };
    }
    default:
      return { ...who, kind: 'other', what: String(body.msgtype) };
  }
}

/** In a group the text starts with "@机器人名 ": the mention is not part of what the person said. */
function withoutMention(text: string, who: { group?: string }): string {
  return (who.group ? text.replace(/^\s*@\S+\s*/, '') : text).trim();
}
