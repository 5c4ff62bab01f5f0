import { DEFAULT_REPLIES_PER_MINUTE } from '../channels/reply-limit.js';
import type { WechatConfig } from '../channels/wechat/config.js';
import type { WecomConfig } from '../channels/wecom/config.js';
import { DEFAULT_PUPPET, loadSettings, parseContactList } from './settings.js';

// The channels' settings, read from the environment here so that channels are handed their configuration and never
// read settings themselves (imports point down: app knows channels, channels know no app).

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

/** The WeCom settings from the environment, or undefined when WECOM_BOT_ID and WECOM_BOT_SECRET are not set. */
export function wecomConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WecomConfig | undefined {
  const e = loadSettings(env).env;
  if (!e.WECOM_BOT_ID || !e.WECOM_BOT_SECRET) return undefined;
  const allowed = new Set(e.ALLOWED_CONTACTS);
  return {
    botId: e.WECOM_BOT_ID,
    secret: e.WECOM_BOT_SECRET,
    wsUrl: e.WECOM_WS_URL,
    allowed,
    admins: new Set(e.ADMIN_CONTACTS),
    // WeCom has already verified who may see the bot (the admin console's 可见范围): with no list of our own,
    // everyone it lets through is served. ALLOWED_CONTACTS narrows that down.
    allowAll: e.ALLOW_ALL || allowed.size === 0,
    welcome: e.WECOM_WELCOME,
    outbox: {
      intervalMs: e.WECOM_OUTBOX_INTERVAL_MS,
      concurrency: e.WECOM_OUTBOX_CONCURRENCY,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      afterCrash: e.OUTBOX_AFTER_CRASH,
    },
  };
}
