// What the WeChat channel is handed: read from the environment by app/channel-config.ts (a channel reads no settings).
import type { AttemptLimits } from './attempts.js';

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
