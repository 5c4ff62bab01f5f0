import { DEFAULT_INTERVAL_MS, DEFAULT_JITTER_MS } from '../../outbox/outbox.js';
import { DEFAULT_MAX_CHARS } from '../../outbox/split-text.js';

export const DEFAULT_PUPPET = 'wechaty-puppet-wechat4u';

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
  /** Friend requests whose verification text contains this are accepted; unset = none accepted automatically. */
  friendPassphrase?: string;
  /** Messages older than this are ignored (old messages replayed at start-up). */
  staleAfterMs: number;
  outbox: {
    intervalMs: number;
    jitterMs: number;
    maxChars: number;
    maxAttempts: number;
    afterCrash: 'resend' | 'park';
  };
}

/** Comma-separated keys; Chinese commas and 、 work too, people type them. */
export function parseKeyList(s: string | undefined): Set<string> {
  return new Set(
    (s ?? '')
      .split(/[,，、;；\n]/)
      .map((x) => x.trim())
      .filter(Boolean),
  );
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min)
    throw new Error(`${name} 应为不小于 ${min} 的数字，例如 ${fallback}（现为 "${raw}"）`);
  return Math.floor(n);
}

export function wechatConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WechatConfig {
  const token = env.WECHATY_PUPPET_SERVICE_TOKEN?.trim() || undefined;
  const afterCrash = (env.OUTBOX_AFTER_CRASH?.trim() || 'resend') as 'resend' | 'park';
  if (afterCrash !== 'resend' && afterCrash !== 'park')
    throw new Error(`OUTBOX_AFTER_CRASH 只能是 resend 或 park（现为 "${env.OUTBOX_AFTER_CRASH}"）`);
  return {
    // A token alone means a puppet service (service / WorkPro); no setting at all means the free wechat4u.
    puppet: env.WECHATY_PUPPET?.trim() || (token ? 'wechaty-puppet-service' : DEFAULT_PUPPET),
    token,
    sessionName: env.WECHAT_SESSION_NAME?.trim() || 'wechat-login',
    allowed: parseKeyList(env.ALLOWED_CONTACTS),
    admins: parseKeyList(env.ADMIN_CONTACTS),
    allowAll: env.ALLOW_ALL?.trim() === '1',
    friendPassphrase: env.FRIEND_PASSPHRASE?.trim() || undefined,
    staleAfterMs: int(env, 'STALE_MESSAGE_SECONDS', 180) * 1000,
    outbox: {
      intervalMs: int(env, 'OUTBOX_INTERVAL_MS', DEFAULT_INTERVAL_MS),
      jitterMs: int(env, 'OUTBOX_JITTER_MS', DEFAULT_JITTER_MS),
      maxChars: int(env, 'OUTBOX_MAX_CHARS', DEFAULT_MAX_CHARS, 100),
      maxAttempts: int(env, 'OUTBOX_MAX_ATTEMPTS', 5, 1),
      afterCrash,
    },
  };
}
