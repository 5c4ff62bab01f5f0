import { describe, expect, it } from 'vitest';
import { displayNames, namesGiven, parsePeopleList, personLabel, shownList } from '../src/campaigns/people-list.js';

// The people list a coordinator types: 张三（ZhangSan） is the WeCom userid ZhangSan, shown as 张三 (issue 22).
describe('a typed people list', () => {
  it('reads 张三（ZhangSan） and 张三(ZhangSan) as key ZhangSan named 张三', () => {
    expect(parsePeopleList('张三（ZhangSan），李四(li.si-2@corp)、 王五 ( WangWu ) ;LiuLiu')).toEqual({
      ok: true,
      people: [
        { key: 'ZhangSan', name: '张三' },
        { key: 'li.si-2@corp', name: '李四' },
        { key: 'WangWu', name: '王五' },
        { key: 'LiuLiu' },
      ],
    });
  });

  it('keeps a WeChat 备注 with Chinese or nothing before the brackets whole, as before', () => {
    const r = parsePeopleList(
      '王科长(财务)、王科长（财务）, (ZhangSan), 张(三)(ZhangSan), Wang Wei, 张三(_x), Tom(HR)',
    );
    expect(r).toEqual({
      ok: true,
      people: [
        { key: '王科长(财务)' },
        { key: '(ZhangSan)' },
        { key: '张(三)(ZhangSan)' },
        { key: 'Wang Wei' },
        { key: '张三(_x)' },
        // A name is written in Chinese: a Latin 备注 with a bracket stays one key.
        { key: 'Tom(HR)' },
      ],
    });
  });

  it('lists a key once, with the name one of its entries gave', () => {
    expect(parsePeopleList('ZhangSan, 张三（ZhangSan）, 张三(ZhangSan)')).toEqual({
      ok: true,
      people: [{ key: 'ZhangSan', name: '张三' }],
    });
  });

  it('refuses one key given two names, saying which', () => {
    const r = parsePeopleList('张三（ZhangSan）、李四（LiSi）、张叁（ZhangSan）');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain('ZhangSan');
      expect(r.reason).toContain('张三、张叁');
      expect(r.reason).not.toContain('LiSi');
    }
  });

  it('says a person back by name and key, and tells two 张三 apart in a list', () => {
    expect(personLabel('ZhangSan', '张三')).toBe('张三（ZhangSan）');
    expect(personLabel('LiSi')).toBe('LiSi');
    const shown = displayNames([
      { user: 'ZhangSan', name: '张三' },
      { user: 'ZhangSan2', name: '张三' },
      { user: 'LiSi', name: '李四' },
      { user: 'WangWu' },
    ]);
    expect(['ZhangSan', 'ZhangSan2', 'LiSi', 'WangWu'].map(shown)).toEqual([
      '张三（ZhangSan）',
      '张三（ZhangSan2）',
      '李四',
      'WangWu',
    ]);
  });

  it('gives the names a list wrote, to store, and says a list of keys by their stored names', async () => {
    const listed = parsePeopleList('张三（ZhangSan）、LiSi');
    expect(listed.ok && namesGiven(listed.people)).toEqual([{ key: 'ZhangSan', name: '张三' }]);
    const stored = new Map([
      ['ZhangSan', '张三'],
      ['ZhangSan2', '张三'],
      ['LiSi', '李四'],
    ]);
    const rows = { names: (keys?: string[]) => new Map([...stored].filter(([k]) => keys?.includes(k))) };
    expect(await shownList(rows, ['ZhangSan', 'LiSi', 'WangWu'])).toEqual(['张三', '李四', 'WangWu']);
    expect(await shownList(rows, ['ZhangSan', 'ZhangSan2'])).toEqual(['张三（ZhangSan）', '张三（ZhangSan2）']);
  });
});
