// The corpus of real 评（扣）分标准 (test/corpus/rules/*.yaml): every case worked by hand from the
// text. Prints coverage (read / manual / wrong) and fails on any wrong number: a score different
// from the hand's, or a score where the hand says a person must score. `npm run corpus:rules`.
import { describe, expect, it } from 'vitest';
import { measureCorpus, summary } from './rules-corpus.js';

describe('the 评（扣）分标准 corpus', () => {
  it('has at least 300 texts and gives no wrong number', () => {
    const f = measureCorpus();
    console.log(summary(f));
    const wrong = f.verdicts.flatMap(({ rule, verdict }) =>
      verdict.kind === 'wrong' ? [`${rule.file} ${rule.indicator}｜${rule.text}\n    ${verdict.why}`] : [],
    );
    if (wrong.length) console.log(`wrong:\n${wrong.join('\n')}`);
    expect(f.texts).toBeGreaterThanOrEqual(300);
    expect(wrong).toEqual([]);
    // issue 18: at least 90% of the texts a person can score from the text alone are read
    expect(f.read / (f.texts - f.manualAgreed)).toBeGreaterThanOrEqual(0.9);
  });
});
