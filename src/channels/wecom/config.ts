// What the WeCom channel is handed: read from the environment by app/channel-config.ts (a channel reads no settings).
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
