export type ExplainIntentKind = 'item' | 'lost_items' | 'total';

export interface ExplainIntent {
  intent: ExplainIntentKind;
  /** The part naming the item ("预算执行率", "第5项", "yszxl"); absent for "这项怎么扣的". */
  query?: string;
}

const PUNCT = /[\s,，。.!！?？~～、:：;；"'“”‘’「」『』《》【】()（）…]/g;

/** Asking words: a question about a score always has one (an answer like "98%" or "达成" never does). */
const ASK =
  /(为什么|为甚么|为啥|为何|凭什么|怎么|咋|如何|怎样|什么原因|啥原因|扣分原因|失分原因|原因是什么|依据是什么|多少分|几分|解释|说明一下|讲讲|说说|明细|计算过程|怎么回事|哪些|哪几|哪项|哪个|哪一项)/;
/** What the question is about: losing points, the score, the calculation. */
const ABOUT = /(扣|得|分|算|低|少|满|丢|失|减|原因|来的|回事|解释|说明|讲讲|说说|明细|过程|等级|评级|档次|等次)/;

const LOST_STRONG =
  /((哪些|哪几|(哪|什么|啥)(项|个|条|些|几项|几个))(指标)?.{0,4}(扣|丢分|失分|减分|没得满|没拿满|不是满分|没满分|不满分))|((一共|总共|共|总计|合计)(扣|丢|失|减)了?(多少|几))/;
const LOST_WEAK = /(扣分|失分|丢分)(的)?(项|指标|情况|明细|清单|汇总)/;
const TOTAL = /(总分|总得分|总成绩|得分合计|合计得分|总体得分|最终得分|最后得分|自评总分|等级|评级|档次|等次)/;
const GRADE_WHY = /(为什么|为甚么|为啥|为何|凭什么|怎么)(是|只有|只是|才|评为|评了|定为|评成|是个)(优|良|中|差)/;

/**
 * Words around the item's name in a question, stripped from both ends (never from the middle,
 * so a name that happens to hold one of them stays whole). Longer first so "只得了" beats "得".
 */
const EDGE_WORDS = [
  '我想知道',
  '想知道',
  '想问一下',
  '想问下',
  '想问',
  '请问一下',
  '请问',
  '问一下',
  '问下',
  '帮我看看',
  '帮我看下',
  '帮我',
  '麻烦',
  '看看',
  '看一下',
  '看下',
  '解释一下',
  '解释下',
  '解释',
  '说明一下',
  '说明',
  '讲讲',
  '说说',
  '关于',
  '那个',
  '还有',
  '怎么回事',
  '是怎么',
  '怎么样',
  '怎么算出来',
  '怎么算',
  '怎么计算',
  '怎么来',
  '怎么扣',
  '怎么',
  '咋算',
  '咋扣',
  '咋',
  '如何计算',
  '如何算',
  '如何',
  '怎样',
  '为什么',
  '为甚么',
  '为啥',
  '为何',
  '凭什么',
  '什么原因',
  '啥原因',
  '扣分原因',
  '失分原因',
  '原因是什么',
  '原因',
  '依据是什么',
  '依据',
  '理由',
  '计算过程',
  '计算的',
  '得分明细',
  '扣分明细',
  '明细',
  '过程',
  '算出来',
  '计算',
  '算的',
  '算',
  '这么多',
  '那么多',
  '这么少',
  '那么少',
  '这么低',
  '那么低',
  '这么',
  '那么',
  '太低',
  '太少',
  '偏低',
  '只得了',
  '只得',
  '才得了',
  '才得',
  '得了',
  '得分',
  '只有',
  '只是',
  '才',
  '扣分',
  '扣了',
  '扣掉',
  '扣',
  '失分',
  '丢分',
  '丢了',
  '丢',
  '减分',
  '没拿满分',
  '没得满分',
  '没有得分',
  '没得分',
  '没有分',
  '没分',
  '不得分',
  '零分',
  '0分',
  '没拿满',
  '没得满',
  '不是满分',
  '没满分',
  '满分',
  '多少分',
  '几分',
  '多少',
  '分数',
  '分',
  '这一项',
  '这项',
  '该项',
  '本项',
  '此项',
  '这个指标',
  '这个',
  '没',
  '的',
  '了',
  '呢',
  '吗',
  '啊',
  '呀',
  '嘛',
  '吧',
  '是',
  '被',
  '会',
  '要',
  '就',
];
const NUMBER_END = /(\d+(?:\.\d+)?)(分|%)?$/;
const NUMBER_START = /^(\d+(?:\.\d+)?)分/;
/** A bare number at the end is a score only after words like 只有 ("满意度只有15"); "第5" stays. */
const BEFORE_SCORE = /(只有|只得了?|才得了?|得了|扣了|才|是|得|扣)$/;

function stripOnce(s: string): string {
  const end = NUMBER_END.exec(s);
  if (end) {
    const before = s.slice(0, -end[0].length);
    if (!/第$/.test(before) && (end[2] || BEFORE_SCORE.test(before))) return before;
  }
  const start = NUMBER_START.exec(s);
  if (start) return s.slice(start[0].length);
  // The longest word wins, so "计算的" goes whole instead of leaving "计".
  let cut = { len: 0, out: s };
  for (const w of EDGE_WORDS) {
    if (w.length <= cut.len) continue;
    if (s.startsWith(w)) cut = { len: w.length, out: s.slice(w.length) };
    else if (s.endsWith(w)) cut = { len: w.length, out: s.slice(0, -w.length) };
  }
  return cut.out;
}

/** Removes asking words and score numbers from both ends until only the item's name is left. */
export function stripToName(text: string): string {
  let s = text.replace(PUNCT, '');
  for (let next = stripOnce(s); next !== s; next = stripOnce(s)) s = next;
  return s;
}

/**
 * Tells a question about a score from an answer attempt. Returns null for anything that does not
 * ask (98%, 达成, 跳过, a 偏差原因 sentence), so the engine reads it as an answer.
 */
export function detectExplainIntent(text: string): ExplainIntent | null {
  const t = text.normalize('NFKC').trim();
  const bare = t.replace(PUNCT, '');
  if (!bare) return null;
  // A long sentence without a question mark is a 偏差原因 being written, even if it says 原因 or 扣分.
  if ([...bare].length > 40 && !/[?？]/.test(t)) return null;

  if (LOST_STRONG.test(bare)) return { intent: 'lost_items' };
  if (LOST_WEAK.test(bare) && stripToName(bare) === '') return { intent: 'lost_items' };
  if (GRADE_WHY.test(bare)) return { intent: 'total' };
  if (TOTAL.test(bare) && (ASK.test(bare) || /^(总分|总得分|等级)$/.test(bare) || /是多少|多少$/.test(bare)))
    return { intent: 'total' };

  // "满意度只有15分？": a doubtful remark about a score asks, even without an asking word.
  const doubts = /[?？]$/.test(t) && /(只有|只得|才得|才|扣)/.test(bare);
  if (!(ASK.test(bare) || doubts) || !ABOUT.test(bare)) return null;
  const query = stripToName(bare);
  return query ? { intent: 'item', query } : { intent: 'item' };
}
