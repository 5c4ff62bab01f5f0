import { DEFAULT_PUPPET, loadSettings, parseContactList } from '../../app/settings.js';
import { DEFAULT_REPLIES_PER_MINUTE } from '../reply-limit.js';
import type { AttemptLimits } from './attempts.js';

export { DEFAULT_PUPPET };

export interface WechatConfig {
  /** The wechaty puppet module: wechat4u (free, default), service (token), padlocal … */
  puppet: string;
  /** Token of a puppet service (WECHATY_PUPPET_SERVICE_TOKEN); WorkPro (企业微信) tokens go here too. */
  token?: string;
  /** Name of the wechaty memory card kept in the data dir: the login survives a restart. */
  sessionName: string;
  allowed: Set<string>;
  admins: Set<string>;
  /** Everyone may use the bot. Only when ALLOW_ALL=1; otherwise listed people, admins and assignees. */
  allowAll: boolean;
  /** Friend requests whose verification text is exactly this are accepted; unset = none accepted automatically. */
  friendPassphrase?: string;
  /** Wrong passphrases allowed per contact and, for everyone together, per hour. */
  passphraseAttempts: AttemptLimits;
  /** Wrong binding codes allowed per contact and, for everyone together, per hour. */
  codeAttempts: AttemptLimits;
  /** Messages one person may send per minute and get a reply to; past it one notice, then silence (reply-limit.ts). */
  repliesPerMinute: number;
  /** Messages older than this are ignored (old messages replayed at start-up). */
  staleAfterMs: number;
  /** No login within this time: give up (exit non-zero) so a supervisor restarts the bot; 0 = wait forever. */
  loginTimeoutMs: number;
  outbox: {
    intervalMs: number;
    jitterMs: number;
    maxChars: number;
    maxAttempts: number;
    afterCrash: 'resend' | 'park';
  };
}

/** Comma-separated keys; Chinese commas and 、 work too, people type them. The one contact list parser. */
export function parseKeyList(s: string | undefined): Set<string> {
  return new Set(parseContactList(s));
}

/** The WeChat settings from the environment; throws SettingsError naming every bad variable. */
export function wechatConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WechatConfig {
  const e = loadSettings(env).env;
  const token = e.WECHATY_PUPPET_SERVICE_TOKEN;
  return {
    // A token alone means a puppet service (service / WorkPro); no setting at all means the free wechat4u.
    puppet: e.WECHATY_PUPPET || (token ? 'wechaty-puppet-service' : DEFAULT_PUPPET),
    token,
    sessionName: e.WECHAT_SESSION_NAME!,
    allowed: new Set(e.ALLOWED_CONTACTS),
    admins: new Set(e.ADMIN_CONTACTS),
    allowAll: e.ALLOW_ALL,
    friendPassphrase: e.FRIEND_PASSPHRASE,
    passphraseAttempts: { perContact: 3, perHour: 20 },
    codeAttempts: { perContact: 5, perHour: 30 },
    repliesPerMinute: DEFAULT_REPLIES_PER_MINUTE,
    staleAfterMs: e.STALE_MESSAGE_SECONDS * 1000,
    loginTimeoutMs: e.WECHAT_LOGIN_TIMEOUT_MINUTES * 60_000,
    outbox: {
      intervalMs: e.OUTBOX_INTERVAL_MS,
      jitterMs: e.OUTBOX_JITTER_MS,
      maxChars: e.OUTBOX_MAX_CHARS,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      afterCrash: e.OUTBOX_AFTER_CRASH,
    },
  };
}
