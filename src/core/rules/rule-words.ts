// The words a binary rule gives its answer. "纳入…加以考核…5分。否则，不计分" is answered "已纳入";
// "查工作记录，没有记录不计分" is answered "有记录"; "档案部门未参加相关活动不得分" "参加了" or "未参加".
// A person answers with the deed the rule names, done or not done; this reads those deeds from the rule
// over a small vocabulary, so the answer reader accepts them (and their negations) as 达成 / 未达成.
import { normaliseText } from './normalize.js';
import { AWARD, NUMBER, ZERO } from './vocabulary.js';

export type WordGrade = 'achieved' | 'not_achieved';

/**
 * Deeds and states a rule's awarding clause names ("出台文件", "召开常委会", "规章制度健全"). A deed said
 * of the item in an answer says it was done; with a negation in front, that it was not.
 */
export const DEEDS = [
  '纳入',
  '列入',
  '出台',
  '印发',
  '下发',
  '下达',
  '召开',
  '建立',
  '成立',
  '设立',
  '制定',
  '制订',
  '编制',
  '核准',
  '批准',
  '批复',
  '审定',
  '通过',
  '参加',
  '参与',
  '开展',
  '组织',
  '举办',
  '公布',
  '公开',
  '公示',
  '报送',
  '上报',
  '签订',
  '配备',
  '明确',
  '部署',
  '实行',
  '推行',
  '执行',
  '备案',
  '验收',
  '认领',
  '健全',
  '完善',
  '齐全',
  '到位',
  '畅通',
];

/** Negations a penalty clause puts before the deed it requires ("未参加", "没有记录", "无相关文件"). */
const NEGATED = ['没有', '尚未', '未能', '未', '没', '无', '不'];
const NOT = ['没有', '尚未', '未', '没', '不'];

const AWARDS = new RegExp(`(?:${AWARD})(?:${NUMBER})分|(?:^|[^扣减])(?:${NUMBER})分$|得满分|计满分|记满分`);
const PENALTY = new RegExp(`扣|${ZERO}`);

/**
 * What a binary rule's own words make of an answer: `[word, grade]`, longest first. Empty when the
 * rule names no deed.
 *
 * @example ruleWords('地方党委政府出台人民调解工作文件。3分。否则，不计分。')
 *   // → [['没有出台', 'not_achieved'], …, ['出台', 'achieved']]
 */
export function ruleWords(rule: string): [string, WordGrade][] {
  const t = normaliseText(rule).replace(/[()]/g, ',');
  const out = new Map<string, WordGrade>();
  const add = (w: string, g: WordGrade) => {
    if (w.length >= 2 && !out.has(w)) out.set(w, g);
  };
  // Sentences with their score: "…研究部署。5分。" puts the score in a sentence of its own.
  const sentences = t.split(/[;。]/).filter(Boolean);
  sentences.forEach((s, i) => {
    const scored = AWARDS.test(s) || (/^(?:\d+(?:\.\d+)?)分$/.test(sentences[i + 1] ?? '') && !PENALTY.test(s));
    for (const clause of s.split(/,/)) {
      if (PENALTY.test(clause)) {
        // "档案部门未参加相关活动不得分": the deed, negated, costs the points; done, it does not.
        const bare = clause.replace(new RegExp(`${ZERO}|扣.*$`, 'g'), '|');
        const m = new RegExp(`(${NEGATED.join('|')})([^|]+?)(?:的|者)?(?:\\||$)`).exec(bare);
        if (!m) continue;
        const [, neg, deed] = m;
        if (deed.length < 2 || /\d/.test(deed)) continue;
        for (let k = 2; k <= Math.min(deed.length, 8); k++) {
          const d = deed.slice(0, k);
          add(`${neg}${d}`, 'not_achieved');
          if (neg === '没有' || neg === '无') add(`有${d}`, 'achieved');
          add(d, 'achieved');
        }
      } else if (scored) {
        for (const d of DEEDS) if (clause.includes(d)) for (const n of NOT) add(`${n}${d}`, 'not_achieved');
        for (const d of DEEDS) if (clause.includes(d)) add(d, 'achieved');
      }
    }
  });
  return [...out].sort((a, b) => b[0].length - a[0].length);
}
