import Nzh from 'nzh';

const CN_DIGITS = '[零〇一二两三四五六七八九十百千]';
// Classifiers after which a Chinese numeral is a quantity ("五个百分点", "一项", "一例").
const CLASSIFIER = '(?:个百分点|百分点|个|项|例|起|件|次|人次|处|条|档|宗|户|家|倍)';

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
  let t = String(text ?? '').normalize('NFKC');
  t = t.replace(/\s+/g, '');
  t = t.replace(/[“”"‘’'`「」『』]/g, '');
  t = t.replace(/≧/g, '≥').replace(/≦/g, '≤').replace(/>=/g, '≥').replace(/<=/g, '≤');
  t = t.replace(/[—–－]/g, '-').replace(/～/g, '~');
  t = t.replace(/(\d),(\d{3})(?!\d)/g, '$1$2');
  t = t.replace(new RegExp(`百分之(${CN_DIGITS}+(?:点${CN_DIGITS}+)?|\\d+(?:\\.\\d+)?)`, 'g'), (_m, n: string) =>
    /\d/.test(n) ? `${n}%` : `${decodeChinese(n)}%`,
  );
  t = t.replace(/半(?=个百分点|分)/g, '0.5');
  t = t.replace(new RegExp(`(${CN_DIGITS}+(?:点${CN_DIGITS}+)?)(?=${CLASSIFIER})(?!次性)`, 'g'), (m) =>
    decodeChinese(m),
  );
  // "分" only counts as a classifier after a scoring verb: "十分满意" must stay words.
  t = t.replace(
    new RegExp(`([扣得计加减为给])(${CN_DIGITS}+(?:点${CN_DIGITS}+)?)(?=分)`, 'g'),
    (_m, v: string, n: string) => v + decodeChinese(n),
  );
  t = t.replace(/为零(?=[,;。]|$|计|得)/g, '为0');
  return t;
}

/** A short quotation of a text for a reason or note. */
export function quote(text: string, max = 30): string {
  const t = String(text ?? '').replace(/\s+/g, '');
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
