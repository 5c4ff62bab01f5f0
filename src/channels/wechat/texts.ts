import { z } from 'zod';
import { fill } from '../../engine/texts.js';
import { loadTemplate, templatePath } from '../../templates/load-template.js';

// What the WeChat channel itself says is data (templates/wechat.yaml), checked at load like the chat texts.
const KEYS = [
  'refused',
  'text_only',
  'ask_for_code',
  'identity_conflict',
  'code_wrong',
  'code_expired',
  'code_too_many',
  'code_slowed',
  'code_guessing_admin',
  'bound',
  'group_to_private',
  'group_not_friend',
  'group_refused',
  'back_online',
  'parked',
  'parked_text',
  'parked_file',
  'unusable_name_admin',
  'conflict_admin',
  'ambiguous_admin',
  'name_collision_admin',
  'bound_admin',
  'passphrase_failed_admin',
  'passphrase_guessing_admin',
  'terminal_scan',
  'terminal_qr_url',
  'terminal_unreachable',
  'terminal_unreachable_limit',
] as const;
type Key = (typeof KEYS)[number];

const schema = z.object(Object.fromEntries(KEYS.map((k) => [k, z.string().min(1)])) as Record<Key, z.ZodString>);
const defaultFile = templatePath('wechat.yaml');

export function loadWechatTemplates(file = process.env.TIANBAO_WECHAT_TEXTS ?? defaultFile): Record<Key, string> {
  return loadTemplate(schema, file, '微信消息模板');
}

let cached: Record<Key, string> | undefined;
const tpl = (k: Key, vars: Record<string, string | number> = {}) => {
  cached ??= loadWechatTemplates();
  return fill(cached[k], vars);
};

/** The channel's texts, filled. Read lazily: a test or a deployer may point TIANBAO_WECHAT_TEXTS elsewhere. */
export const wechatTexts = {
  get refused() {
    return tpl('refused');
  },
  get textOnly() {
    return tpl('text_only');
  },
  get askForCode() {
    return tpl('ask_for_code');
  },
  get identityConflict() {
    return tpl('identity_conflict');
  },
  get codeWrong() {
    return tpl('code_wrong');
  },
  get codeExpired() {
    return tpl('code_expired');
  },
  get codeTooMany() {
    return tpl('code_too_many');
  },
  bound: (key: string) => tpl('bound', { key }),
  groupToPrivate: (name: string) => tpl('group_to_private', { name }),
  groupNotFriend: (name: string) => tpl('group_not_friend', { name }),
  groupRefused: (name: string) => tpl('group_refused', { name }),
  backOnline: (since: string, reason: string) => tpl('back_online', { since, reason: reason ? `：${reason}` : '' }),
  parked: (to: string, what: string, error: string) => tpl('parked', { to, what, error }),
  parkedText: (excerpt: string) => tpl('parked_text', { excerpt }),
  parkedFile: (name: string) => tpl('parked_file', { name }),
  terminalScan: (png: string) => tpl('terminal_scan', { png }),
  terminalQrUrl: (url: string) => tpl('terminal_qr_url', { url }),
  terminalUnreachable: (error: string, minutes: number, limit: number) =>
    limit
      ? tpl('terminal_unreachable_limit', { error, minutes, limit })
      : tpl('terminal_unreachable', { error, minutes }),
  unusableNameAdmin: (name: string) => tpl('unusable_name_admin', { name }),
  conflictAdmin: (key: string) => tpl('conflict_admin', { key }),
  ambiguousAdmin: (key: string, name: string) => tpl('ambiguous_admin', { key, name }),
  nameCollisionAdmin: (name: string) => tpl('name_collision_admin', { name }),
  boundAdmin: (key: string, name: string) => tpl('bound_admin', { key, name }),
  passphraseFailedAdmin: (name: string) => tpl('passphrase_failed_admin', { name }),
  passphraseGuessingAdmin: (count: number) => tpl('passphrase_guessing_admin', { count }),
  codeSlowed: (minutes: number) => tpl('code_slowed', { minutes }),
  codeGuessingAdmin: (count: number) => tpl('code_guessing_admin', { count }),
};
