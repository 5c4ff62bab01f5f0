// The words of 评（扣）分标准, by meaning. The grammar (read-clause.ts) is written against these
// meanings, never against a phrasing: a new way of saying "deduct" is one more word here.

/** Longest first, so "不低于" is tried before "低于" and "个百分点" before "个". */
const byLength = (words: string[]) => [...new Set(words)].sort((a, b) => b.length - a.length);
export const alt = (words: string[]) => byLength(words).map(escapeWord).join('|');
function escapeWord(w: string): string {
  return w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const NUMBER = '\\d+(?:\\.\\d+)?';

/** Units a figure is written in, mapped to the unit the rule counts in. */
export const UNIT_WORDS: Record<string, string> = {
  个百分点: '%',
  百分点: '%',
  '%': '%',
  '‰': '‰',
  亿元: '亿元',
  万元: '万元',
  千元: '千元',
  元: '元',
  万: '万',
  个工作日: '个工作日',
  工作日: '个工作日',
  个月: '个月',
  天: '天',
  日: '天',
  周: '周',
  小时: '小时',
  人次: '人次',
  件次: '件次',
  户次: '户次',
  批次: '批次',
  万人: '万人',
  人: '人',
  名: '人',
  户: '户',
  件: '件',
  次: '次',
  起: '起',
  例: '例',
  项: '项',
  个: '个',
  处: '处',
  条: '条',
  宗: '宗',
  家: '家',
  篇: '篇',
  批: '批',
  类: '类',
  座: '座',
  台套: '台套',
  台: '台',
  套: '套',
  份: '份',
  场: '场',
  所: '所',
  卷: '卷',
  公顷: '公顷',
  亩: '亩',
  公里: '公里',
  方面: '个',
  小点: '点',
  点: '点',
  张: '张',
  块: '块',
};
export const UNIT = alt(Object.keys(UNIT_WORDS));
export const unitOf = (w: string | undefined): string | undefined => (w ? (UNIT_WORDS[w] ?? w) : undefined);
export const isPercent = (u: string | undefined) => u === '%';
export const isMoney = (u: string | undefined) => !!u && /元$/.test(u);
export const isTime = (u: string | undefined) =>
  u === '天' || u === '个工作日' || u === '个月' || u === '周' || u === '小时';

/** Comparators written before a figure ("不低于95%"), as the side of the bound they set. */
export const BEFORE: [string, 'ge' | 'gt' | 'le' | 'lt' | 'eq'][] = [
  ['大于等于', 'ge'],
  ['高于或等于', 'ge'],
  ['大于或等于', 'ge'],
  ['不低于', 'ge'],
  ['不少于', 'ge'],
  ['不小于', 'ge'],
  ['达到或超过', 'ge'],
  ['达到', 'ge'],
  ['达', 'ge'],
  ['满', 'ge'],
  ['≥', 'ge'],
  ['大于', 'gt'],
  ['高于', 'gt'],
  ['超过', 'gt'],
  ['超出', 'gt'],
  ['多于', 'gt'],
  ['>', 'gt'],
  ['小于等于', 'le'],
  ['小于或等于', 'le'],
  ['低于或等于', 'le'],
  ['不高于', 'le'],
  ['不超过', 'le'],
  ['不多于', 'le'],
  ['不大于', 'le'],
  ['控制在', 'le'],
  ['≤', 'le'],
  ['小于', 'lt'],
  ['低于', 'lt'],
  ['少于', 'lt'],
  ['不足', 'lt'],
  ['未达到', 'lt'],
  ['未达', 'lt'],
  ['达不到', 'lt'],
  ['不到', 'lt'],
  ['<', 'lt'],
  ['=', 'eq'],
  ['等于', 'eq'],
  ['为', 'eq'],
  ['是', 'eq'],
];

/** Side words after a figure: "95%以上", "3次以内（含）", "10%以下（不含）". */
export const AFTER: [string, 'ge' | 'gt' | 'le' | 'lt'][] = [
  ['(含)以上', 'ge'],
  ['以上(含)', 'ge'],
  ['及以上', 'ge'],
  ['或以上', 'ge'],
  ['以上(不含)', 'gt'],
  ['(不含)以上', 'gt'],
  ['以上', 'ge'],
  ['(含)以下', 'le'],
  ['以下(含)', 'le'],
  ['及以下', 'le'],
  ['或以下', 'le'],
  ['以下(不含)', 'lt'],
  ['(不含)以下', 'lt'],
  ['以下', 'le'],
  ['(含)以内', 'le'],
  ['以内(含)', 'le'],
  ['以内', 'le'],
  ['之内', 'le'],
];
/** Bare 以上/以下: they include the figure unless another tier claims it (then a person decides). */
export const LOOSE_AFTER = new Set(['以上', '以下']);

/** Verbs of a step ("每低于1个百分点"): which side of the base loses points. */
export const STEP_BELOW = [
  '低于',
  '减少',
  '下降',
  '降低',
  '少于',
  '不足',
  '差欠',
  '欠',
  '差',
  '少',
  '低',
  '降',
  '减',
  '下滑',
];
export const STEP_ABOVE = [
  '超过',
  '超出',
  '超支',
  '增加',
  '增长',
  '上升',
  '提高',
  '高于',
  '多于',
  '多出',
  '多',
  '超',
  '高',
  '增',
  '升',
];
export const STEP_BOTH = ['偏离', '偏差', '浮动', '变动', '增减', '相差', '差异'];
export const STEP_VERB = alt([...STEP_BELOW, ...STEP_ABOVE, ...STEP_BOTH]);
export function stepSide(verb: string | undefined): 'below' | 'above' | 'both' | undefined {
  if (!verb) return undefined;
  if (STEP_BOTH.includes(verb)) return 'both';
  if (STEP_BELOW.includes(verb)) return 'below';
  if (STEP_ABOVE.includes(verb)) return 'above';
  return undefined;
}

/** Words that count events from nothing: "每发生1起", "发现一处", "迟报一次". */
export const EVENT_VERBS = [
  '发生',
  '出现',
  '发现',
  '查实',
  '查出',
  '查处',
  '存在',
  '每有',
  '有',
  '被',
  '缺少',
  '缺失',
  '缺',
];

/** The full marks in words. */
export const FULL = alt([
  '得满分',
  '计满分',
  '记满分',
  '给满分',
  '为满分',
  '满分',
  '得基本分',
  '计基本分',
  '记基本分',
  '得基准分',
  '得标准分',
  '得该项满分',
  '得该项分数的满分',
  '得该项分数满分',
  '得该项指标满分',
  '得该项指标总分值',
  '得该项指标分值',
  '得全分',
  '全额得分',
  '按满分计算',
  '按满分计',
  '计为满分',
  '视为满分',
  '得分',
]);
/** No points in words. */
export const ZERO = alt([
  '不得分',
  '不计分',
  '不记分',
  '不给分',
  '不能得分',
  '不予计分',
  '不予得分',
  '计0分',
  '记0分',
  '得0分',
  '为0分',
  '给0分',
  '得零分',
  '计零分',
  '得分为0',
  '得分为零',
]);
/** "该项"/"本项": the item itself, named before its score. */
export const ITEM_WORDS = alt([
  '该项考核',
  '本项考核',
  '该项目',
  '本项目',
  '该指标',
  '本指标',
  '该项',
  '本项',
  '此项',
  '单项',
  '本大项',
  '此大项',
  '该大项',
  '本项目',
]);

/** Scoring verbs: award, deduction. */
export const AWARD = alt(['得', '计', '记', '给', '赋', '加计', '评']);
export const ADD = alt(['另加', '加', '增加', '奖励', '加计']);
export const DEDUCT = alt(['扣除', '扣减', '扣掉', '倒扣', '扣', '减去', '减']);

/** The item's whole value, named in a formula ("×分值", "乘以标准分"). */
export const WEIGHT_WORDS = alt([
  '该项指标分值',
  '该指标分值',
  '指标分值',
  '该项分值',
  '本项分值',
  '分值',
  '标准分',
  '该项分数',
  '权重分',
  '满分值',
]);

/**
 * Words with 分 that are no score: how a rule is applied (根据…评分) or what is divided (分工, 部分).
 * A clause that only has these has no figure to read.
 */
export const NOT_SCORE_FEN =
  /评分|打分|分工|分管|部分|分配|分解|分析|区分|充分|划分|分别|分类|分项|百分比|百分点|分之/g;
/** Whether a clause speaks of points or figures (扣, 3分, a number), beyond the words of NOT_SCORE_FEN. */
export const scoresPoints = (s: string, figures = true): boolean =>
  (figures ? /分|扣|\d/ : /分|扣/).test(s.replace(NOT_SCORE_FEN, ''));

/** Scores left to a person's judgment: the text gives no number. */
export const DISCRETION =
  /酌情|视情况|视具体情况|视情节|视其程度|视.{1,10}情况|适当(加|扣|给)|相应(的)?(分值|分数|扣分|的分|分)|由.{0,8}(自行制定|确定)/;
/** Scores that depend on other units: a rank, not the unit's own figure. */
export const RANKING = /排序|排名|位次|从高到低|从低到高|争先进位|按名次/;
/** Points taken from outside the item (the item's own 0 is not the end of it). */
export const BEYOND_ITEM =
  /追加扣除|追加扣|另扣|倒扣总分|(?<!(?:实行|执行|落实|建立|推行|制定)"?)一票否决|取消.{0,6}资格|考核结果列最后|直接定为不合格|考核不合格/;
/** The score is another evaluation's result. */
export const EXTERNAL = /绩效办|考核办|目标办|督查办|考评办|考核(分数|得分|结果)折算|折算/;
/** The item is one of several the evaluator picks from: which one is a person's choice. */
export const CHOOSE = /择其一|二选一|任选其一|择一/;

/** Whole-sentence boilerplate that says how to check, not how to score. */
export const EVIDENCE =
  /^(?:以[^,;。]{1,30}为(?:准|依据|据)|查(?:阅|看|验)[^,;。]{0,30}|核(?:查|实)[^,;。]{0,30}|现场[^,;。]{0,30}|听取汇报[^,;。]{0,20}|抽查[^,;。]{0,30}|实地[^,;。]{0,30}|调查反映|看[^,;。]{0,12}(?:档案|资料|记录))$/;
