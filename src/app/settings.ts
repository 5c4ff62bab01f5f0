import { resolve } from 'node:path';
import { z } from 'zod';
import { parseContactList } from '../campaigns/names.js';
import { parseQuietWindow } from '../campaigns/quiet.js';

/**
 * Every environment variable the bot reads, checked once at start-up (issue 12, item 17). Booleans are read one
 * way, contact lists one way; a bad value stops start-up with the variable's name and the form it should take.
 * Modules that still read process.env themselves (LLM, campaigns) should take their values from here.
 */

/** A list of people (备注 or bound keys): commas (，too), 、 and semicolons separate; spaces inside a name stay. */
export { parseContactList };

const TRUE = /^(1|true|yes|on|是)$/i;
const FALSE = /^(0|false|no|off|否)$/i;

type Ctx = z.core.$RefinementCtx<string | undefined>;
const bad = (ctx: Ctx, message: string) => {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
};
const blank = (raw: string | undefined) => raw === undefined || raw.trim() === '';

const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (blank(raw)) return fallback;
      if (TRUE.test(raw!.trim())) return true;
      if (FALSE.test(raw!.trim())) return false;
      return bad(ctx, `应为 1 或 0（也可写 true/false、是/否），现为 "${raw}"`);
    });

const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (blank(raw)) return fallback;
      const n = Number(raw!.trim());
      if (!Number.isInteger(n) || n < min || n > max)
        return bad(
          ctx,
          `应为${max === Number.MAX_SAFE_INTEGER ? `不小于 ${min} 的` : ` ${min} 到 ${max} 之间的`}整数，例如 ${fallback}（现为 "${raw}"）`,
        );
      return n;
    });

const text = (fallback?: string) =>
  z
    .string()
    .optional()
    .transform((raw) => (blank(raw) ? fallback : raw!.trim()));

const oneOf = <T extends string>(values: readonly T[], fallback: T) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      if (blank(raw)) return fallback;
      const v = raw!.trim() as T;
      if (!values.includes(v)) return bad(ctx, `只能是 ${values.join(' 或 ')}（现为 "${raw}"）`);
      return v;
    });

/** A text that must match a form, said with an example when it does not. */
const shaped = (test: (v: string) => boolean, form: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (blank(raw)) return undefined;
      if (!test(raw!.trim())) return bad(ctx, `应为${form}（现为 "${raw}"）`);
      return raw!.trim();
    });

const list = z
  .string()
  .optional()
  .transform((raw) => parseContactList(raw));

export const DEFAULT_PUPPET = 'wechaty-puppet-wechat4u';

const schema = z.object({
  TIANBAO_DATA_DIR: text('./data'),
  TIANBAO_FLOWS_DIR: text('./flows'),
  /**
   * PostgreSQL instead of the data dir's SQLite file, so several processes (WeChat accounts, WeCom, two machines)
   * share one database. Unset: SQLite, nothing to install.
   */
  TIANBAO_DATABASE_URL: shaped(
    (v) => /^postgres(ql)?:\/\/\S+$/.test(v),
    '一个 PostgreSQL 地址，例如 postgres://tianbao:密码@127.0.0.1:5432/tianbao',
  ),
  TIANBAO_MESSAGES: text(),
  TIANBAO_REASON_DRAFTS: text(),
  TIANBAO_WECHAT_TEXTS: text(),
  TIANBAO_IMPORT_TEXTS: text(),
  TIANBAO_NUDGES: text(),
  TIANBAO_USER: text(),
  TIANBAO_NOW: shaped((v) => !Number.isNaN(Date.parse(v)), '一个时间，例如 2026-11-28T09:00:00+08:00'),
  TIANBAO_QUIET_HOURS: shaped((v) => parseQuietWindow(v).ok, '"开始-结束" 或 off，例如 21:30-08:30'),
  TIANBAO_QUIET_WEEKENDS: bool(false),
  LOG_LEVEL: oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const, 'info'),
  LLM_PROVIDER: shaped(
    (v) => ['openai-compatible', 'deepseek', 'ollama'].includes(v),
    ' openai-compatible、deepseek 或 ollama',
  ),
  LLM_TIMEOUT_MS: int(8000, 1),
  WECHATY_PUPPET: text(),
  WECHATY_PUPPET_SERVICE_TOKEN: text(),
  WECHAT_SESSION_NAME: text('wechat-login'),
  /** No login within this time: the process exits non-zero so a supervisor (systemd) restarts it. 0 = never. */
  WECHAT_LOGIN_TIMEOUT_MINUTES: int(15, 0, 24 * 60),
  ALLOWED_CONTACTS: list,
  ADMIN_CONTACTS: list,
  ALLOW_ALL: bool(false),
  FRIEND_PASSPHRASE: text(),
  STALE_MESSAGE_SECONDS: int(180, 1),
  OUTBOX_INTERVAL_MS: int(1500),
  OUTBOX_JITTER_MS: int(500),
  OUTBOX_MAX_CHARS: int(1800, 100, 100_000),
  OUTBOX_MAX_ATTEMPTS: int(5, 1, 100),
  OUTBOX_AFTER_CRASH: oneOf(['resend', 'park'] as const, 'resend'),
  /** Housekeeping: rows older than this many days are deleted at start-up and daily; 0 = keep forever. */
  KEEP_MESSAGE_IDS_DAYS: int(30, 0),
  KEEP_SENT_DAYS: int(30, 0),
  KEEP_HISTORY_DAYS: int(730, 0),
  /**
   * 企业微信 / 政务微信 智能机器人, long connection (src/channels/wecom). Both ID and Secret, or neither; the address
   * only for a private deployment (政务微信 gives its own), else the SDK's wss://openws.work.weixin.qq.com.
   */
  WECOM_BOT_ID: text(),
  WECOM_BOT_SECRET: text(),
  WECOM_WS_URL: shaped(
    (v) => /^wss?:\/\/\S+$/.test(v),
    '一个 ws:// 或 wss:// 地址，例如 wss://openws.work.weixin.qq.com',
  ),
  /** WeCom needs no WeChat-style pause between messages; its own limits (30 a minute per chat) are kept by the channel. */
  WECOM_OUTBOX_INTERVAL_MS: int(0),
  /** Messages the WeCom channel sends at once (to different people; one person's stay in order). */
  WECOM_OUTBOX_CONCURRENCY: int(4, 1, 32),
  /** 进入会话 greeting (the first time each day a person opens the chat): on by default. */
  WECOM_WELCOME: bool(true),
  TIANBAO_WECOM_TEXTS: text(),
  /** The web console (src/console) served by `npm start`: off, or where it listens and the address people open. */
  CONSOLE: bool(true),
  CONSOLE_PORT: int(8787, 0, 65535),
  CONSOLE_HOST: text('127.0.0.1'),
  CONSOLE_URL: shaped((v) => /^https?:\/\/\S+$/.test(v), '一个网址，例如 https://tianbao.example.gov.cn'),
});

export type Env = z.output<typeof schema>;

/** Which chat channels `npm start` runs: every one configured, the terminal when none is. */
export function configuredChannels(env: Env): { wecom: boolean; wechat: boolean } {
  return {
    wecom: Boolean(env.WECOM_BOT_ID && env.WECOM_BOT_SECRET),
    wechat: Boolean(env.WECHATY_PUPPET || env.WECHATY_PUPPET_SERVICE_TOKEN),
  };
}

export interface Settings {
  env: Env;
  dataDir: string;
  flowsDir: string;
  /** TIANBAO_DATABASE_URL when set: the database is PostgreSQL. */
  databaseUrl?: string;
}

/** Thrown (only at start-up) when a variable is wrong; `problems` has one line per bad variable. */
export class SettingsError extends Error {
  readonly exitCode = 2;
  constructor(readonly problems: string[]) {
    super(`配置有误：\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Reads and checks every variable; throws SettingsError naming each bad one. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = schema.safeParse(env);
  if (!parsed.success)
    throw new SettingsError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`.trim()));
  const e = parsed.data;
  // One without the other is a half-done set-up: say which is missing rather than start without 企业微信.
  if (Boolean(e.WECOM_BOT_ID) !== Boolean(e.WECOM_BOT_SECRET))
    throw new SettingsError([
      e.WECOM_BOT_ID
        ? 'WECOM_BOT_SECRET 未设置：企业微信智能机器人需要 Bot ID 和 Secret 两项（管理后台 › 智能机器人 › API 配置）'
        : 'WECOM_BOT_ID 未设置：企业微信智能机器人需要 Bot ID 和 Secret 两项（管理后台 › 智能机器人 › API 配置）',
    ]);
  if (e.WECOM_WS_URL && !e.WECOM_BOT_ID)
    throw new SettingsError(['WECOM_WS_URL 已设置，但缺少 WECOM_BOT_ID 和 WECOM_BOT_SECRET']);
  return {
    env: e,
    dataDir: resolve(e.TIANBAO_DATA_DIR!),
    flowsDir: resolve(e.TIANBAO_FLOWS_DIR!),
    databaseUrl: e.TIANBAO_DATABASE_URL,
  };
}
