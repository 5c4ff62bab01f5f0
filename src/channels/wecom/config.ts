import { loadSettings } from '../../app/settings.js';

export interface WecomConfig {
  /** Bot ID and Secret from the admin console (智能机器人 › API 配置 › 长连接). */
  botId: string;
  secret: string;
  /** A private deployment's address (政务微信); undefined: the SDK's wss://openws.work.weixin.qq.com. */
  wsUrl?: string;
  /** userids: ALLOWED_CONTACTS. Empty: everyone WeCom lets see the bot (its 可见范围) is served. */
  allowed: Set<string>;
  /** userids: ADMIN_CONTACTS (汇总, 催办, imports, notices of failed messages). */
  admins: Set<string>;
  allowAll: boolean;
  /** Greet a person the first time each day they open the chat. */
  welcome: boolean;
  outbox: {
    intervalMs: number;
    concurrency: number;
    maxAttempts: number;
    afterCrash: 'resend' | 'park';
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
