import Nzh from 'nzh';
import { toSimplified } from './traditional.js';

const CN_DIGITS = '[零〇一二两三四五六七八九十百千]';
// Classifiers after which a Chinese numeral is a quantity ("五个百分点", "一项", "一例").
const CLASSIFIER =
  '(?:个百分点|百分点|个工作日|个月|个|项|例|起|件|次|人次|处|条|档|宗|户|家|倍|天|人|名|类|篇|批次|批|座|亩|公顷|万人|小点|方面|台套|套|份|卷|张|周)';

function decodeChinese(numeral: string): string {
  const decoded = Nzh.cn.decodeS(numeral.replace(/两/g, '二').replace(/〇/g, '零'));
  const n = Number(decoded);
  return Number.isFinite(n) ? String(n) : numeral;
}

/**
 * Rule and target texts come from Word tables: full-width characters, stray spaces and line breaks,
 * Chinese numerals. Reading them is easier once they are brought to one spelling.
 */
export function normaliseText(text: string): string {
  let t = toSimplified(String(text ?? '').normalize('NFKC'));
  t = t.replace(/\s+/g, '');
  t = t.replace(/[“”"‘’'`「」『』]/g, '');
  t = t.replace(/≧/g, '≥').replace(/≦/g, '≤').replace(/>=/g, '≥').replace(/<=/g, '≤');
  t = t.replace(/[—–－]/g, '-').replace(/～/g, '~');
  t = t.replace(/(\d),(\d{3})(?!\d)/g, '$1$2');
  t = t.replace(new RegExp(`百分之(${CN_DIGITS}+(?:点${CN_DIGITS}+)?|\\d+(?:\\.\\d+)?)`, 'g'), (_m, n: string) =>
    /\d/.test(n) ? `${n}%` : `${decodeChinese(n)}%`,
  );
  t = t.replace(/半(?=个百分点|分)/g, '0.5');
  t = t.replace(
    new RegExp(
      `(${CN_DIGITS}+(?:点${CN_DIGITS}+)?)(?=${CLASSIFIER})(?!次性|起(?:研究|部署|参与|参加|进行|开展|工作|抓|做|学习|讨论|协调|配合|推进|落实))`,
      'g',
    ),
    (m) => decodeChinese(m),
  );
  // "分" only counts as a classifier after a scoring verb: "十分满意" must stay words.
  t = t.replace(
    new RegExp(`([扣得计加减为给])(${CN_DIGITS}+(?:点${CN_DIGITS}+)?)(?=分)`, 'g'),
    (_m, v: string, n: string) => v + decodeChinese(n),
  );
  t = t.replace(/为零(?=[,;。]|$|计|得)/g, '为0');
  return t;
}

/**
 * A quotation of a text for a reason or note, with the punctuation a person reads. parseRule maps
 * it back to the form's own words and shortens it (verbatim.ts), so it is whole by default.
 */
export function quote(text: string, max = Number.POSITIVE_INFINITY): string {
  const t = String(text ?? '')
    .replace(/\s+/g, '')
    .replace(/,/g, '，')
    .replace(/;/g, '；')
    .replace(/:/g, '：');
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
