// What the WeChat channel itself says (the conversation's own texts live in src/engine/texts.ts).
export const wechatTexts = {
  refused: '您好！我是绩效自评填报助手，目前只为已登记的同事服务。如需使用，请联系管理员把您加入名单。',
  textOnly: '我只能读文字哦，请发送文字。例如回复「开始」填写自评表，或直接输入答案「95%」。',
  identityConflict: '您好！我暂时无法确认您的身份（可能与另一位同事同名）。请联系管理员为您设置备注后再试。',
  groupToPrivate: (name: string) => `@${name} 收到，我私聊您继续，请留意私聊消息。`,
  groupNotFriend: (name: string) => `@${name} 请先加我为好友，再私聊我填写自评表。`,
  groupRefused: (name: string) => `@${name} 抱歉，我目前只为已登记的同事服务，请联系管理员。`,
  backOnline: (since: string, reason: string) =>
    `【填报助手】已重新登录微信，恢复服务。（${since} 掉线${reason ? `：${reason}` : ''}）`,
  parked: (to: string, what: string, error: string) =>
    `【填报助手】一条消息多次发送失败，已停止重试：发给「${to}」的${what}。原因：${error}`,
  unusableNameAdmin: (name: string) =>
    `【填报助手】联系人「${name}」的名字无法用来识别身份，已暂停为其服务。请在微信里给他设置备注，并把备注加入名单。`,
  conflictAdmin: (key: string) =>
    `【填报助手】有两位联系人都叫「${key}」，后来者已被暂停服务。请在微信里给他们设置不同的备注，并更新名单。`,
};
