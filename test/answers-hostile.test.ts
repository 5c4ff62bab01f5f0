import { describe, expect, it } from 'vitest';
import { exampleAnswer } from '../src/core/answers/format-value.js';
import { parseAnswer } from '../src/core/answers/parse-answer.js';
import type { AnswerSpec } from '../src/core/types.js';

const specs: AnswerSpec[] = [
  { measure: 'percent', unit: '%' },
  { measure: 'count', unit: '件' },
  { measure: 'money', unit: '万元' },
  { measure: 'number' },
  { measure: 'bool' },
  { measure: 'qualitative', weight: 5 },
  { measure: 'checklist', points: ['一', '二', '三'] },
];

const hostile = [
  'abc',
  '',
  '   ',
  '\u200B',
  '１２ａｂ',
  '😀',
  '👍👍',
  '7'.repeat(10_000),
  'x'.repeat(10_000),
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '--5',
  '5%%',
  '1/0',
  '<script>',
  '\u0000',
];

describe('hostile input is refused with a reason and an example, never thrown', () => {
  for (const spec of specs) {
    it.each(hostile.map((h) => [h.length > 20 ? `${h.slice(0, 8)}…(${h.length})` : h, h]))(
      `${spec.measure}: %j`,
      (_label, input) => {
        const r = parseAnswer(input, spec);
        expect(r).toEqual({
          ok: false,
          reason: expect.stringMatching(/\p{Script=Han}/u),
          example: exampleAnswer(spec),
        });
      },
    );
  }

  it('refuses empty free text and text of 10,000 characters', () => {
    const text: AnswerSpec = { measure: 'text' };
    expect(parseAnswer('   ', text)).toMatchObject({ ok: false, reason: '还没有填写内容' });
    expect(parseAnswer('字'.repeat(10_000), text)).toMatchObject({
      ok: false,
      reason: '内容太长了（10000字），请精简到2000字以内',
    });
  });

  it('keeps emoji inside free text: that is what the person wrote', () => {
    expect(parseAnswer('已完成👍', { measure: 'text' })).toEqual({
      ok: true,
      value: { kind: 'text', value: '已完成👍' },
    });
  });

  it('refuses a long pasted paragraph for a number item', () => {
    expect(parseAnswer(`全年完成${'很多工作，'.repeat(40)}共150件`, { measure: 'count', unit: '件' })).toEqual({
      ok: false,
      reason: '回答太长了，本项只需填写一个答案',
      example: '3件',
    });
  });
});
