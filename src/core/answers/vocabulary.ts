// The words an answer is made of, as data: units (with what they measure and how they convert),
// measure words, signs of a change, qualifiers around a figure, closed-answer words and negations.
// The grammar (grammar.ts) only knows these classes; a new wording is a new word here, not a new rule.

/**
 * What a unit measures. Units of one dimension convert into each other by their factor; a measure
 * word (件, 人次, 户 …) is its own dimension `count:<word>`, so 5户 never becomes 5人.
 */
export interface UnitInfo {
  /** The unit as written (微克/立方米, 万元/件, 人次). */
  word: string;
  dim: string;
  /** How many base units of `dim` one of this is (万元 = 10000 元, 公里 = 1000 米). */
  factor: number;
}

/** Percent and its relatives: ‰ is a tenth of a percent; 个百分点 is a difference of two percents. */
const PERCENT: Record<string, [string, number]> = {
  '%': ['percent', 1],
  百分比: ['percent', 1],
  '‰': ['percent', 0.1],
  个百分点: ['points', 1],
  百分点: ['points', 1],
};

/** Money, in 元. A bare 万 after a figure is 万元 in speech (1.2万). */
export const MONEY: Record<string, number> = {
  元: 1,
  块: 1,
  块钱: 1,
  圆: 1,
  千元: 1e3,
  万元: 1e4,
  十万元: 1e5,
  百万元: 1e6,
  千万元: 1e7,
  亿元: 1e8,
  万: 1e4,
  百万: 1e6,
  千万: 1e7,
  亿: 1e8,
};

/** Physical units by dimension, in a base unit each (kg, m, m², m³, hour, kWh). */
const PHYSICAL: Record<string, [string, number]> = {
  // mass, kg
  吨: ['mass', 1000],
  万吨: ['mass', 1e7],
  公斤: ['mass', 1],
  千克: ['mass', 1],
  kg: ['mass', 1],
  斤: ['mass', 0.5],
  克: ['mass', 1e-3],
  g: ['mass', 1e-3],
  毫克: ['mass', 1e-6],
  mg: ['mass', 1e-6],
  微克: ['mass', 1e-9],
  μg: ['mass', 1e-9],
  ug: ['mass', 1e-9],
  t: ['mass', 1000],
  // length, m
  公里: ['length', 1000],
  千米: ['length', 1000],
  km: ['length', 1000],
  米: ['length', 1],
  延米: ['length', 1],
  m: ['length', 1],
  厘米: ['length', 0.01],
  cm: ['length', 0.01],
  毫米: ['length', 0.001],
  mm: ['length', 0.001],
  // area, m²
  平方米: ['area', 1],
  平米: ['area', 1],
  m2: ['area', 1],
  万平方米: ['area', 1e4],
  平方公里: ['area', 1e6],
  平方千米: ['area', 1e6],
  km2: ['area', 1e6],
  亩: ['area', 10000 / 15],
  万亩: ['area', 1e8 / 15],
  公顷: ['area', 1e4],
  // volume, m³
  立方米: ['volume', 1],
  方: ['volume', 1],
  m3: ['volume', 1],
  万立方米: ['volume', 1e4],
  升: ['volume', 1e-3],
  L: ['volume', 1e-3],
  l: ['volume', 1e-3],
  毫升: ['volume', 1e-6],
  ml: ['volume', 1e-6],
  mL: ['volume', 1e-6],
  // time, hours; 工作日 is not a day (weekends), months and years are not a number of days
  小时: ['time', 1],
  h: ['time', 1],
  分钟: ['time', 1 / 60],
  天: ['time', 24],
  日: ['time', 24],
  周: ['time', 168],
  工作日: ['workday', 1],
  个工作日: ['workday', 1],
  个月: ['month', 1],
  月: ['month', 1],
  季度: ['month', 3],
  个季度: ['month', 3],
  年: ['month', 12],
  // energy, kWh
  千瓦时: ['energy', 1],
  度: ['energy', 1],
  kWh: ['energy', 1],
  万千瓦时: ['energy', 1e4],
  // sound
  分贝: ['sound', 1],
  dB: ['sound', 1],
  'dB(A)': ['sound', 1],
  // data, GB
  TB: ['data', 1024],
  GB: ['data', 1],
  MB: ['data', 1 / 1024],
  // score
  分: ['score', 1],
};

/**
 * Measure words of counted things. 个/件/项 count the same 文件/项目 in forms, so they share a
 * dimension; others (起, 人次, 人, 次, 户) count different things and must match.
 */
export const MEASURE_WORDS = [
  '件',
  '起',
  '人次',
  '户次',
  '件次',
  '个',
  '项',
  '人',
  '次',
  '家',
  '户',
  '篇',
  '期',
  '场',
  '场次',
  '所',
  '台',
  '套',
  '辆',
  '条',
  '本',
  '份',
  '批',
  '批次',
  '座',
  '间',
  '名',
  '位',
  '张',
  '处',
  '部',
  '例',
  '宗',
  '支',
  '种',
  '门',
  '类',
  '株',
  '棵',
  '头',
  '只',
  '床',
  '单',
  '笔',
  '册',
  '课时',
  '学时',
  '节',
  '轮',
  '村',
  '镇',
  '口',
  '眼',
  '盏',
  '块',
  '封',
  '人日',
  '班',
  '期次',
  '组',
  '队',
  '所次',
  '车次',
  '架次',
  '床位',
  '生',
  '粒',
  '株次',
  '万人次',
  '万人',
  '万户',
  '万件',
  '千人',
];
const SAME_THING: Record<string, string> = { 个: 'item', 件: 'item', 项: 'item', 场次: '场', 批次: '批', 期次: '期' };
/** A 万 or 千 in front of a measure word scales it (5万人次 = 50000人次). */
const SCALED_MEASURE: Record<string, [string, number]> = {
  万人次: ['人次', 1e4],
  万人: ['人', 1e4],
  万户: ['户', 1e4],
  万件: ['件', 1e4],
  千人: ['人', 1e3],
};

function simpleUnit(word: string): UnitInfo | undefined {
  const p = PERCENT[word];
  if (p) return { word, dim: p[0], factor: p[1] };
  const m = MONEY[word];
  if (m !== undefined) return { word, dim: 'money', factor: m };
  const ph = PHYSICAL[word];
  if (ph) return { word, dim: ph[0], factor: ph[1] };
  const scaled = SCALED_MEASURE[word];
  if (scaled) return { word, dim: `count:${SAME_THING[scaled[0]] ?? scaled[0]}`, factor: scaled[1] };
  if (MEASURE_WORDS.includes(word)) return { word, dim: `count:${SAME_THING[word] ?? word}`, factor: 1 };
  // "550万粒", "3千册": a magnitude in front of any measure word.
  const mag = /^(万|千)(.+)$/.exec(word);
  if (mag && MEASURE_WORDS.includes(mag[2]))
    return { word, dim: `count:${SAME_THING[mag[2]] ?? mag[2]}`, factor: mag[1] === '万' ? 1e4 : 1e3 };
  return undefined;
}

/** Spellings of one unit that NFKC leaves different: μg/m³, ug/m3, ㎡ → the forms above. */
function spelling(word: string): string {
  return word
    .normalize('NFKC')
    .replace(/µ/g, 'μ')
    .replace(/[·•*×]/g, '·')
    .replace(/每/g, '/')
    .replace(/\s+/g, '')
    .replace(/^米([23])$/, (_m, b) => (b === '2' ? '平方米' : '立方米'));
}

/**
 * What a unit word measures, or undefined when it is not a unit: simple units, 个工作日-style
 * prefixes, and compounds "a/b" (万元/公里, 元/人, 微克/立方米, 吨/日) with the factor a ÷ b.
 */
export function unitInfo(raw: string): UnitInfo | undefined {
  if (!raw) return undefined;
  if (unitCache.has(raw)) return unitCache.get(raw);
  const info = readUnit(raw);
  // Unit words are few; the cache is bounded all the same (hostile text tries many prefixes).
  if (unitCache.size > 5000) unitCache.clear();
  unitCache.set(raw, info);
  return info;
}

const unitCache = new Map<string, UnitInfo | undefined>();

function readUnit(raw: string): UnitInfo | undefined {
  const word = spelling(raw);
  const simple = simpleUnit(word);
  if (simple) return { ...simple, word: raw };
  // "元/人·月", "元/人/月", "吨/日": a numerator over the product of the rest.
  const [top, ...rest] = word.split('/');
  if (rest.length === 0 || top === '') return undefined;
  const a = simpleUnit(top);
  const bottom = rest.join('·').split('·');
  const b = bottom.map((w) => simpleUnit(w));
  if (!a || a.dim === 'percent' || b.some((u) => !u || u.dim === 'percent')) return undefined;
  const units = b as UnitInfo[];
  return {
    word: raw,
    dim: `${a.dim}/${units.map((u) => u.dim).join('·')}`,
    factor: a.factor / units.reduce((f, u) => f * u.factor, 1),
  };
}

/** The longest unit at the start of `s`, as written there; undefined when none. */
export function unitAt(s: string): UnitInfo | undefined {
  for (let k = Math.min(s.length, 16); k > 0; k--) {
    const u = unitInfo(s.slice(0, k));
    if (u) return u;
  }
  return undefined;
}

/** Converts `value` from one unit to another of the same dimension; undefined when they differ. */
export function convertUnit(value: number, from: string, to: string): number | undefined {
  const a = unitInfo(from);
  const b = unitInfo(to);
  if (!a || !b || a.dim !== b.dim) return undefined;
  return (value * a.factor) / b.factor;
}

/** Words that say which way a figure changed; the figure after them is the size of the change. */
export const SIGN_WORDS: [string, 1 | -1 | 0][] = [
  ['同比增长', 1],
  ['同比增加', 1],
  ['同比上升', 1],
  ['同比提高', 1],
  ['同比下降', -1],
  ['同比减少', -1],
  ['同比降低', -1],
  ['比上年增长', 1],
  ['比上年增加', 1],
  ['比上年提高', 1],
  ['比上年下降', -1],
  ['比上年减少', -1],
  ['比上年降低', -1],
  ['较上年增长', 1],
  ['较上年增加', 1],
  ['较上年提高', 1],
  ['较上年下降', -1],
  ['较上年减少', -1],
  ['较上年降低', -1],
  ['负增长', -1],
  ['零增长', 0],
  ['增长', 1],
  ['增加', 1],
  ['提高', 1],
  ['提升', 1],
  ['上升', 1],
  ['上涨', 1],
  ['增幅', 1],
  ['涨幅', 1],
  ['多了', 1],
  ['下降', -1],
  ['减少', -1],
  ['降低', -1],
  ['下滑', -1],
  ['回落', -1],
  ['降幅', -1],
  ['压减', -1],
  ['压缩', -1],
  ['减幅', -1],
  ['少了', -1],
  ['持平', 0],
  ['基本持平', 0],
  ['与上年持平', 0],
  ['同比持平', 0],
  ['没有变化', 0],
  ['无变化', 0],
];

/**
 * Words around a figure that leave it as written (about), or make it a bound rather than the value:
 * 以上/多 (at least), 不到/接近 (below it), 以内/以下 (at most).
 */
export type Qualifier = 'about' | 'atLeast' | 'below' | 'atMost' | 'above';
export const QUALIFIER_BEFORE: [string, Qualifier | undefined][] = [
  ['大概有', 'about'],
  ['大概是', 'about'],
  ['大概', 'about'],
  ['大约有', 'about'],
  ['大约是', 'about'],
  ['大约', 'about'],
  ['约有', 'about'],
  ['约为', 'about'],
  ['约', 'about'],
  ['差不多有', 'about'],
  ['差不多是', 'about'],
  ['差不多', 'about'],
  ['估计有', 'about'],
  ['估计是', 'about'],
  ['估计', 'about'],
  ['应该有', 'about'],
  ['应该是', 'about'],
  ['近', 'below'],
  ['将近', 'below'],
  ['接近', 'below'],
  ['不到', 'below'],
  ['不足', 'below'],
  ['低于', 'below'],
  ['少于', 'below'],
  ['超过', 'above'],
  ['高于', 'above'],
  ['多于', 'above'],
  ['大于', 'above'],
  ['不低于', 'atLeast'],
  ['不少于', 'atLeast'],
  ['至少', 'atLeast'],
  ['不超过', 'atMost'],
  ['不高于', 'atMost'],
  ['不多于', 'atMost'],
  ['最多', 'atMost'],
  ['≥', 'atLeast'],
  ['>=', 'atLeast'],
  ['≤', 'atMost'],
  ['<=', 'atMost'],
  ['>', 'above'],
  ['<', 'below'],
  // glue: "为", "达到", "共" say nothing about the figure

  ['控制在', undefined],
  ['实际为', undefined],
  ['实际', undefined],
  ['为', undefined],
  ['是', undefined],
  ['达到', undefined],
  ['达', undefined],
  ['有', undefined],
  ['共', undefined],
  ['合计', undefined],
  ['累计', undefined],
  ['全年', undefined],
];
export const QUALIFIER_AFTER: [string, Qualifier][] = [
  ['左右', 'about'],
  ['上下', 'about'],
  ['前后', 'about'],
  ['的样子', 'about'],
  ['(含)以上', 'atLeast'],
  ['及以上', 'atLeast'],
  ['以上', 'atLeast'],
  ['还多', 'atLeast'],
  ['多一点', 'atLeast'],
  ['多', 'atLeast'],
  ['余', 'atLeast'],
  ['(含)以下', 'atMost'],
  ['及以下', 'atMost'],
  ['以下', 'atMost'],
  ['以内', 'atMost'],
  ['之内', 'atMost'],
  ['内', 'atMost'],
];
/** Particles that end a spoken answer and change nothing. */
export const PARTICLES = /^(?:吧|啦|了|呢|啊|的|哈|哦|嘛)+$/;

/** Closed answers: yes / done / on time, and their opposites. */
export const YES_WORDS = [
  '是',
  '是的',
  '对',
  '对的',
  '有',
  '好',
  '已',
  '完成',
  '已完成',
  '已经完成',
  '完成了',
  '全部完成',
  '已全部完成',
  '按时完成',
  '按期完成',
  '如期完成',
  '按时',
  '按期',
  '如期',
  '及时',
  '已按时完成',
  '已按时报送',
  '按时报送',
  '已报送',
  '已按要求完成',
  '按要求完成',
  '达成',
  '已达成',
  '达到',
  '已达到',
  '达标',
  '已达标',
  '实现',
  '已实现',
  '符合',
  '符合要求',
  '满足',
  '满足要求',
  '全部达成',
  '完全达成',
  '√',
  '✓',
  '✔',
  'yes',
  'y',
  'true',
  'ok',
];
export const NO_WORDS = [
  '否',
  '不是',
  '不对',
  '没有',
  '无',
  '没',
  '不',
  '未',
  '未完成',
  '没完成',
  '没有完成',
  '未按时完成',
  '未按时',
  '没按时',
  '没有按时',
  '不及时',
  '未及时',
  '逾期',
  '超期',
  '未达成',
  '没达成',
  '没有达成',
  '未达到',
  '没达到',
  '没有达到',
  '未达标',
  '不达标',
  '没达标',
  '未实现',
  '没实现',
  '没有实现',
  '不符合',
  '不满足',
  '×',
  '✗',
  '✘',
  'x',
  'no',
  'n',
  'false',
];
/** Partly: 部分 and 基本 in front of an achievement word (基本完成, 部分达标, 基本畅通). */
export const PARTLY = ['基本上', '基本', '部分', '大部分', '大体', '总体'];
/** Negations in front of a target's own words (不畅通, 未建立, 没有落实). */
export const NEGATIONS = ['没有', '尚未', '还没', '并未', '不', '未', '没', '无'];
/** The item does not apply to this unit: a person scores it, with this reason. */
export const NOT_APPLICABLE =
  /^(不适用|不涉及|本单位不涉及|无此项|无此项目|无此业务|本年度未涉及|本年度不涉及|未涉及|不涉及此项|本项不适用|N\/?A)$/i;

/** Regex source of every unit word a figure can carry, simple or "a/b", longest first (targets use it). */
export const UNIT_PATTERN: string = (() => {
  const magnitudes = new Set(['万', '百万', '千万', '亿']);
  const words = [
    ...Object.keys(PERCENT),
    ...Object.keys(MONEY).filter((w) => !magnitudes.has(w)),
    ...Object.keys(PHYSICAL),
    ...MEASURE_WORDS,
    ...MEASURE_WORDS.map((w) => `万${w}`),
  ];
  const esc = (w: string) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const simple = [...new Set(words)]
    .sort((a, b) => b.length - a.length)
    .map(esc)
    .join('|');
  return `(?:(?:${simple})(?:/(?:${simple})(?:[·*×/](?:${simple}))?)?)`;
})();
