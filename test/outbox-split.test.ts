import { describe, expect, it } from 'vitest';
import { splitText } from '../src/outbox/split-text.js';

describe('long texts are split under the WeChat length limit at natural boundaries', () => {
  it('keeps a short text whole', () => {
    expect(splitText('第 1/7 项｜单位名称', 1800)).toEqual(['第 1/7 项｜单位名称']);
  });

  it('splits at blank lines first, packing paragraphs together while they fit', () => {
    // Three paragraphs of 8 characters; 8 + 2 (blank line) + 8 = 18 ≤ 20 fit together, the third does not.
    const text = 'AAAAAAAA\n\nBBBBBBBB\n\nCCCCCCCC';
    expect(splitText(text, 20)).toEqual(['AAAAAAAA\n\nBBBBBBBB', 'CCCCCCCC']);
  });

  it('falls back to line ends when a paragraph is too long, then to sentence ends', () => {
    const lines = '一二三四五\n六七八九十\n甲乙丙丁戊';
    // 5 + 1 + 5 = 11 > 10: one line per message.
    expect(splitText(lines, 10)).toEqual(['一二三四五', '六七八九十', '甲乙丙丁戊']);
    const sentences = '预算执行率为百分之九十五。办结率达标。满意度良好！';
    // Sentences of 13, 6 and 6 characters; 6 + 6 = 12 ≤ 13 go together.
    expect(splitText(sentences, 13)).toEqual(['预算执行率为百分之九十五。', '办结率达标。满意度良好！']);
  });

  it('cuts anywhere only as a last resort, and never inside an emoji', () => {
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    // '👍' is two UTF-16 units; cutting after 3 units would split it, so the first part keeps 2.
    const parts = splitText('ab👍cd', 3);
    expect(parts).toEqual(['ab', '👍c', 'd']);
  });

  it('no part exceeds the limit and nothing but surrounding whitespace is lost', () => {
    const text =
      Array.from({ length: 40 }, (_, i) => `第${i + 1}项：已记录 95%，本项得分 40/40。请核对后继续。`).join('\n') +
      '\n\n合计 99.5/100 分';
    const parts = splitText(text, 200);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(200);
    expect(parts.join('\n').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
  });
});
