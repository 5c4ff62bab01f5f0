// Who the bot can reach, as the channel sees it: what a person's key is (微信备注名, 企业微信账号, 终端用户名) and
// which typed names it does not know — so the coordinator is warned while typing, not after five failed sends.
import type { ConsoleApp } from './people.js';

export interface PeopleDirectory {
  /** What to type as an assignee on this channel, e.g. 微信备注名. */
  keyLabel: string;
  /** One line under the assignee field saying how people are keyed and what happens to an unknown one. */
  keyHint: string;
  /**
   * Of these keys, the ones the channel cannot reach now (a message to them would fail). Keys it cannot check
   * (e.g. WeChat not logged in) are not listed: a warning is only given when the channel is sure.
   *
   * @example await dir.unknown(['张三', '王科长']) // ['张三']
   */
  unknown(keys: string[]): Promise<string[]>;
  /** Why a message to a key the channel does not know failed, in the coordinator's words (the table's 找不到此人). */
  unreachable?: string;
  /** In terminal mode: how a waiting message reaches its person. */
  waitingNote?: string;
}

/** Whether the person has ever written to the bot (being typed into a campaign before proves nothing). */
async function hasWritten(app: Pick<ConsoleApp, 'store'>, key: string): Promise<boolean> {
  return (await app.store.person(key)) !== undefined || (await app.store.sessionsOf(key)).length > 0;
}

/** Known = has written to the bot: the directory the console uses when the channel gives none. */
export function storeDirectory(app: Pick<ConsoleApp, 'store'>): PeopleDirectory {
  return {
    keyLabel: '微信备注名',
    keyHint: '写机器人微信里给对方设的备注名（不是对方自己起的微信名）。',
    unknown: async (keys) => {
      const out: string[] = [];
      for (const k of keys) if (!(await hasWritten(app, k))) out.push(k);
      return out;
    },
  };
}

/**
 * 企业微信: a key is a member's userid (通讯录 › 成员详情 › 账号), and WeCom lets the bot push a message only to someone
 * who has written to it — so a name that never wrote is flagged. With WeChat in the same process, a key WeChat can
 * reach by 备注 is known too.
 */
export function wecomDirectory(
  app: Pick<ConsoleApp, 'store'>,
  wechatCanReach?: (key: string) => Promise<boolean | undefined>,
): PeopleDirectory {
  return {
    keyLabel: wechatCanReach ? '企业微信账号（userid）或微信备注名' : '企业微信账号（userid）',
    keyHint:
      '写企业微信通讯录里的账号（成员详情 › 账号，例如 ZhangSan），不是姓名；要显示姓名，写成 张三（ZhangSan）。企业微信只允许机器人给先发过消息的人发通知：请大家先给机器人发一句「你好」。',
    unreachable: '机器人联系不到此人：账号写错，或对方还没给机器人发过消息（企业微信只允许机器人给发过消息的人发通知）',
    unknown: async (keys) => {
      const out: string[] = [];
      for (const k of keys) if (!(await hasWritten(app, k)) && (await wechatCanReach?.(k)) !== true) out.push(k);
      return out;
    },
  };
}

/** WeChat: a key is a 备注 the bot's own account gave a contact (or a bound key); the channel checks its contacts. */
export function wechatDirectory(canReach: (key: string) => Promise<boolean | undefined>): PeopleDirectory {
  return {
    keyLabel: '微信备注名',
    keyHint:
      '写机器人微信里给对方设的备注名（不是对方自己起的微信名）。没有备注的人请先用 npx tianbao people bind 名字 绑定。',
    unreachable: '找不到此人：机器人的微信通讯录里没有这个备注名',
    unknown: async (keys) => {
      const out: string[] = [];
      for (const k of keys) if ((await canReach(k)) === false) out.push(k);
      return out;
    },
  };
}

/** Terminal mode: only the person at this terminal can be reached; others' messages wait for a chat channel. */
export function terminalDirectory(user: string): PeopleDirectory {
  return {
    keyLabel: '终端用户名',
    keyHint: `终端模式：只有在这台电脑上对话的「${user}」能收到消息（下次输入时显示）；其他人的消息会等配置微信后再发出。`,
    unknown: async (keys) => keys.filter((k) => k !== user),
    waitingNote: '对方下次在终端输入时显示',
  };
}
