// Reads chat commands the way people type them: spaces, full-width characters, synonyms.

export type Command =
  | { type: 'HELP' }
  | { type: 'PROGRESS' }
  | { type: 'BACK' }
  | { type: 'EDIT'; target: string }
  | { type: 'SKIP' }
  | { type: 'PREVIEW' }
  | { type: 'SUBMIT' }
  | { type: 'RESTART' }
  | { type: 'PAUSE' }
  | { type: 'CONTINUE' }
  | { type: 'SWITCH' }
  | { type: 'GREET' };

/** NFKC folds full-width letters/digits/punctuation; spaces and trailing punctuation never matter in a command. */
export function normalizeCommandText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200b-\u200f\u2060\ufeff]/g, '')
    .replace(/\s+/g, '')
    .replace(/[。.!！?？~～,，、;；:：]+$/u, '')
    .toLowerCase();
}

const EXACT: Array<[RegExp, Command['type']]> = [
  [/^(帮助|help|\?|求助|怎么填|说明|提示|h)$/, 'HELP'],
  [/^(进度|进展|填到哪了|还剩多少|progress)$/, 'PROGRESS'],
  [/^(上一题|上一项|返回|后退|回退|上一个|back)$/, 'BACK'],
  [/^(跳过|略过|先跳过|下一题|稍后再填|以后再填|skip|pass)$/, 'SKIP'],
  [/^(预览|查看得分|看看得分|得分预览|预览得分|preview)$/, 'PREVIEW'],
  [/^(确认|提交|确认提交|提交表单|完成提交|submit)$/, 'SUBMIT'],
  [/^(重新填写|重填|从头开始|重新开始|restart)$/, 'RESTART'],
  [/^(暂停|取消|先这样|稍后|pause|cancel|退出)$/, 'PAUSE'],
  [/^(继续|接着填|继续填写|继续填|开始|resume|continue)$/, 'CONTINUE'],
  [/^(换表|换一张表|切换表单|选择表单|其他表单|表单列表)$/, 'SWITCH'],
  // Someone coming back after a while says hello: show where they are instead of reading it as an answer.
  [/^(你好|您好|你好啊|hi|hello|在吗|在不在|哈喽|嗨|早|早上好|下午好|晚上好)$/, 'GREET'],
];

/** A command, or null when the text is an answer attempt (or a question for the explainer). */
export function parseCommand(text: string): Command | null {
  const t = normalizeCommandText(text);
  if (!t) return null;
  for (const [re, type] of EXACT) if (re.test(t)) return { type } as Command;
  const edit = /^(?:修改|改|更改|编辑|重填|edit)(?:第)?(.+?)(?:项|题)?$/.exec(t);
  if (edit?.[1]) return { type: 'EDIT', target: edit[1] };
  return null;
}

/** 是/确定 style consent, for questions like "确定重新填写吗？". */
export function isYes(text: string): boolean {
  return /^(是|是的|确定|确认|好|好的|对|嗯|yes|y|ok|可以|行)$/.test(normalizeCommandText(text));
}

/** 不/不是 style refusal of a check question. */
export function isNo(text: string): boolean {
  return /^(不|不是|不对|否|no|n|错了|不用|算了)$/.test(normalizeCommandText(text));
}
