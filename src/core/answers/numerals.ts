import Nzh from 'nzh';

/**
 * A number as a person types it in chat: Arabic, Chinese (一千二百三十四点五), mixed (1万2千,
 * 1.2万) or a percentage word (百分之九十七, 九成七).
 */
export interface Numeral {
  value: number;
  /** Written as a percentage word (百分之…, …成…): the value is in percent points. */
  percent: boolean;
  /**
   * A digit carries a magnitude (1.2万, 3千, 一万二千): the writer spelled the whole amount
   * out, so a money reader takes it in 元 rather than in the field's unit.
   */
  scaled: boolean;
}

// Variants nzh does not know: 两/俩 (nzh reads 两百 as 0), capital and traditional forms.
const VARIANTS: Record<string, string> = {
  〇: '零',
  两: '二',
  兩: '二',
  俩: '二',
  幺: '一',
  壹: '一',
  贰: '二',
  貳: '二',
  叁: '三',
  參: '三',
  肆: '四',
  伍: '五',
  陆: '六',
  陸: '六',
  柒: '七',
  捌: '八',
  玖: '九',
  拾: '十',
  佰: '百',
  仟: '千',
  萬: '万',
  億: '亿',
  點: '点',
};
const CN_DIGITS = '零一二三四五六七八九';
const D = '[一二三四五六七八九]';
const Z = '[零一二三四五六七八九]';
// One section below 万, e.g. 一千零五十, 二百, 十五; nzh turns garbage into 0 and 百百 into
// 10000, so the shape is checked before nzh reads it.
const SEC = `(?:${D}千)?(?:零?${D}百)?(?:零?${D}?十)?(?:零?${D})?`;
const CN_STRUCTURED = new RegExp(`^(?:${SEC}亿)?(?:零?${SEC}万)?(?:零?${SEC})?(?:点${Z}+)?$`);
const CN_DIGIT_RUN = new RegExp(`^${Z}+(?:点${Z}+)?$`);
const ARABIC = /^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$|^\.\d+$/;
const MAGNITUDE: Record<string, number> = {
  十: 10,
  百: 100,
  千: 1e3,
  万: 1e4,
  十万: 1e5,
  百万: 1e6,
  千万: 1e7,
  亿: 1e8,
};
// 一万二 means 12000 and 二百五 means 250 in speech; nzh reads them as 10002 and 205.
const SPOKEN_TAIL: Record<string, string> = { 百: '十', 千: '百', 万: '千', 亿: '千万' };
/** Beyond this a double no longer holds every digit a person could mean. */
const LIMIT = 1e15;

/** Drops binary noise such as 4.35 × 100 = 434.99999999999994. */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

// 廿 (20) and 卅 (30) stand for two characters: "廿二" is 二十二.
const TENS: Record<string, string> = { 廿: '二十', 卅: '三十', 卌: '四十' };

function variantsToPlain(s: string): string {
  return [...s].map((c) => VARIANTS[c] ?? TENS[c] ?? c).join('');
}

function readChinese(s: string): number | null {
  if (CN_DIGIT_RUN.test(s)) {
    // 一二三, 二零二三, 零点五: digit by digit.
    return Number([...s].map((c) => (c === '点' ? '.' : String(CN_DIGITS.indexOf(c)))).join(''));
  }
  if (!CN_STRUCTURED.test(s) || !/[一二三四五六七八九十]/.test(s) || /^[万亿点]/.test(s)) return null;
  const tail = /([百千万亿])([一二三四五六七八九])$/.exec(s);
  const spoken = tail && !s.includes('点') ? s + SPOKEN_TAIL[tail[1]] : s;
  const out = Number(Nzh.cn.decodeS(spoken));
  return Number.isFinite(out) ? out : null;
}

/** A number without percentage words: Arabic, Chinese, mixed, with 万/亿 magnitudes. */
function readPlain(s: string): { value: number; scaled: boolean } | null {
  if (ARABIC.test(s)) return { value: Number(s.replace(/,/g, '')), scaled: false };
  // 1.2万, 12000万, 3千, 一点二万: a plain number times one magnitude.
  const mag = /^(.+?)(十万|百万|千万|十|百|千|万|亿)$/.exec(s);
  if (mag && (ARABIC.test(mag[1]) || (mag[1].includes('点') && CN_DIGIT_RUN.test(mag[1])))) {
    const head = readPlain(mag[1]);
    if (head)
      return { value: tidy(head.value * MAGNITUDE[mag[2]]), scaled: ARABIC.test(mag[1]) || /[万亿]/.test(mag[2]) };
  }
  // "一百点123": a Chinese whole part with Arabic decimals.
  const point = /^([零一二三四五六七八九十百千万亿]+)点(\d+)$/.exec(s);
  if (point) {
    const whole = readChinese(point[1]);
    return whole === null ? null : { value: tidy(whole + Number(`0.${point[2]}`)), scaled: false };
  }
  // 1万2千, 1亿2000万, 3万5: spell the Arabic integers in Chinese and read the whole.
  if (/\d/.test(s)) {
    if (!/^[\d零一二三四五六七八九十百千万亿]+$/.test(s)) return null;
    // "1百01" is 一百零一: a leading 0 is a 零, not nothing (else 一百一 = 110).
    const spelled = s.replace(/\d+/g, (d) => {
      const cn = variantsToPlain(String(Nzh.cn.encodeS(Number(d))));
      return d.length > 1 && d.startsWith('0') ? `零${cn}` : cn;
    });
    const v = readChinese(spelled);
    return v === null ? null : { value: v, scaled: true };
  }
  const v = readChinese(s);
  return v === null ? null : { value: v, scaled: /[万亿]/.test(s) };
}

/** 九成 = 90, 九成七 = 97, 九点五成 = 95. */
function readTenths(whole: string, rest: string): number | null {
  const tens = readPlain(whole);
  if (!tens || tens.value > 10) return null;
  if (rest === '') return tidy(tens.value * 10);
  const unit = readPlain(rest);
  if (!unit || !Number.isInteger(unit.value) || unit.value > 9 || rest.length !== 1 || tens.value === 10) return null;
  return tidy(tens.value * 10 + unit.value);
}

/** Reads a number; null when the text is not one number. Never throws. */
export function readNumeral(text: string): Numeral | null {
  let s = variantsToPlain(text.normalize('NFKC').replace(/\s+/g, ''));
  if (s === '' || s.length > 60) return null;
  let sign = 1;
  if (/^[-−负]/.test(s)) {
    sign = -1;
    s = s.slice(1);
  } else if (/^[+正]/.test(s)) s = s.slice(1);
  if (s === '') return null;

  let value: number | null;
  let percent = false;
  let scaled = false;
  const pct = /^百分之(.+)$/.exec(s);
  const tenths = /^(.+?)成(.?)$/.exec(s);
  if (pct) {
    percent = true;
    value = pct[1] === '百' ? 100 : (readPlain(pct[1])?.value ?? null);
  } else if (tenths) {
    percent = true;
    value = readTenths(tenths[1], tenths[2]);
  } else {
    const plain = readPlain(s);
    value = plain?.value ?? null;
    scaled = plain?.scaled ?? false;
  }
  if (value === null || !Number.isFinite(value) || Math.abs(value) > LIMIT) return null;
  return { value: sign * value + 0, percent, scaled };
}

/** The number a text spells, in percent points for percentage words; null when it is not one. */
export function readNumber(text: string): number | null {
  return readNumeral(text)?.value ?? null;
}

const JIAO_FEN = /^(.*?)[元圆](?:([零一二三四五六七八九])角)?(?:([零一二三四五六七八九])分)?整?$/;

/** 大写 money as on a cheque: "壹拾壹元整" = 11, "玖仟陆佰陆拾伍圆壹角捌分" = 9665.18 (in 元). */
export function readYuan(text: string): number | null {
  const s = variantsToPlain(text.normalize('NFKC').replace(/\s+/g, ''));
  const m = JIAO_FEN.exec(s);
  if (!m || m[1] === '' || (!m[2] && !m[3] && !/[整]$/.test(s) && !/[元圆]$/.test(s))) return null;
  const whole = readNumeral(m[1]);
  if (!whole || whole.percent) return null;
  const jiao = m[2] ? CN_DIGITS.indexOf(m[2]) : 0;
  const fen = m[3] ? CN_DIGITS.indexOf(m[3]) : 0;
  return tidy(whole.value + jiao / 10 + fen / 100);
}
