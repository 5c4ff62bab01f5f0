import { describe, expect, it } from 'vitest';
import { matchItems, parseOrdinal } from '../src/core/explain/match-item.js';
import { items } from './explain-fixture.js';

const refs = items.map(({ id, name }) => ({ id, name }));
const one = (id: string) => ({ kind: 'one', id });

describe('finding the item a person means', () => {
  it('takes the exact name, with stray quotes and spaces', () => {
    expect(matchItems('预算执行率', refs)).toEqual(one('exec_rate'));
    expect(matchItems(' 「社会公众满意度」 ', refs)).toEqual(one('satisfaction'));
  });

  it('takes part of a name when only one item has it', () => {
    expect(matchItems('满意度', refs)).toEqual(one('satisfaction'));
    expect(matchItems('州长信箱', refs)).toEqual(one('mailbox_close'));
    expect(matchItems('示范县', refs)).toEqual(one('model_county'));
  });

  it('takes a shortened name whose characters appear in order', () => {
    // 网上…按期办结率 leaves out 信访案件; 州长信箱… has no 网上
    expect(matchItems('网上按期办结率', refs)).toEqual(one('online_close'));
    expect(matchItems('中央省交办', refs)).toEqual(one('central_close'));
  });

  it('lists every item a vague name fits, in form order', () => {
    expect(matchItems('及时率', refs)).toEqual({ kind: 'many', ids: ['accept_rate', 'online_accept'] });
    expect(matchItems('按期办结率', refs)).toEqual({ kind: 'many', ids: ['online_close', 'mailbox_close'] });
    expect(matchItems('办结率', refs)).toEqual({
      kind: 'many',
      ids: ['key_work', 'online_close', 'mailbox_close', 'central_close'],
    });
  });

  it('prefers the longest whole name the question contains', () => {
    // holds both 网上信访案件及时受理率 and, inside it, nothing shorter that is a name of its own
    expect(matchItems('网上信访案件及时受理率那项', refs)).toEqual(one('online_accept'));
  });

  it('forgives a wrong character that sounds the same', () => {
    expect(matchItems('满意读', refs)).toEqual(one('satisfaction'));
    expect(matchItems('预算执形率', refs)).toEqual(one('exec_rate'));
  });

  it('forgives one wrong character in three', () => {
    // 仃 sounds nothing like 行: only the edit distance (1 of 5 characters) finds it
    expect(matchItems('预算执仃率', refs)).toEqual(one('exec_rate'));
    expect(matchItems('支付进渡率', refs)).toEqual(one('pay_rate'));
  });

  it('reads pinyin initials and full pinyin', () => {
    expect(matchItems('yszxl', refs)).toEqual(one('exec_rate'));
    expect(matchItems('YSZXL', refs)).toEqual(one('exec_rate'));
    expect(matchItems('myd', refs)).toEqual(one('satisfaction'));
    expect(matchItems('manyidu', refs)).toEqual(one('satisfaction'));
    expect(matchItems('shgzmyd', refs)).toEqual(one('satisfaction'));
  });

  it('reads 第N项 as the Nth item in the order the chat shows', () => {
    expect(matchItems('第5项', refs)).toEqual(one('key_work'));
    expect(matchItems('第五项', refs)).toEqual(one('key_work'));
    expect(matchItems('第十三项', refs)).toEqual(one('satisfaction'));
    expect(matchItems('5', refs)).toEqual(one('key_work'));
    expect(matchItems('第14项', refs)).toEqual({ kind: 'none' });
  });

  it('accepts the item id', () => {
    expect(matchItems('exec_rate', refs)).toEqual(one('exec_rate'));
  });

  it('finds nothing for words that name no item', () => {
    expect(matchItems('天气', refs)).toEqual({ kind: 'none' });
    expect(matchItems('率', refs)).toEqual({ kind: 'none' });
    expect(matchItems('', refs)).toEqual({ kind: 'none' });
    expect(matchItems('xyzq', refs)).toEqual({ kind: 'none' });
  });
});

describe('ordinals', () => {
  it('reads the ways people number an item', () => {
    expect(parseOrdinal('第5项')).toBe(5);
    expect(parseOrdinal('第二十一项')).toBe(21);
    expect(parseOrdinal('第两项')).toBe(2);
    expect(parseOrdinal('序号3')).toBe(3);
    expect(parseOrdinal('3号')).toBe(3);
    expect(parseOrdinal('五')).toBeUndefined();
    expect(parseOrdinal('预算执行率')).toBeUndefined();
  });
});
