// 企业微信: people are userids; the coordinator writes 张三（A1） and the console shows 张三 with the userid beside it
// (issue 22): the progress table, sorting by name, the person page, the add-people field, 催办 and the 汇总 workbook.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { consoleHarness, FULL_FORM, visible } from './console-fixture.js';

const setup = consoleHarness();
// Key order (A1, B2, 王五) is not name order (李四, 王五, 张三): sorting by name must read the names.
const CREATE = {
  flow: 'demo',
  title: '2026年度绩效自评',
  deadline: '2026-12-04 17:00',
  assign: '张三（A1）,李四(B2),王五',
};

const flash = async (get: (p: string) => Promise<Response>) =>
  visible(
    /<div class="flash[^"]*" role="status">[\s\S]*?<\/div>/.exec(await (await get('/campaigns/1')).text())?.[0] ?? '',
  );

/** The first cell of each row, in order, as the coordinator reads it. */
async function people(get: (p: string) => Promise<Response>, query = ''): Promise<string[]> {
  const html = await (await get(`/campaigns/1/rows${query}`)).text();
  return [...html.matchAll(/<tr [^>]*data-user="[^"]*"><td>([\s\S]*?)<\/td>/g)].map((m) => visible(m[1]));
}

describe('display names in the console', () => {
  it('shows 张三 with the userid beside it, sorts by the name, and says back what was read', async () => {
    const { signIn, app, person } = setup();
    const s = await signIn();
    await s.post('/campaigns', CREATE);
    expect((await app.campaigns.assignees(1)).map((a) => [a.user, a.name])).toEqual([
      ['A1', '张三'],
      ['B2', '李四'],
      ['王五', undefined],
    ]);
    expect(await people(s.get)).toEqual(['张三 A1', '李四 B2', '王五']);
    expect(await people(s.get, '?sort=name')).toEqual(['李四 B2', '王五', '张三 A1']);

    const page = visible(await (await s.get('/campaigns/1/people/A1')).text());
    expect(page).toContain('张三 A1 表单');

    await s.post('/campaigns/1/assign', { names: '赵六（Z6），赵陆(Z6)' });
    expect(await flash(s.get)).toContain('同一个账号写了不同的名字：Z6 写成了 赵六、赵陆');
    expect((await app.campaigns.assignees(1)).map((a) => a.user)).not.toContain('Z6');
    await s.post('/campaigns/1/assign', { names: '赵六（Z6）' });
    expect(await flash(s.get)).toContain('已加入任务 #1：赵六（Z6）。');

    await s.post('/campaigns/1/urge', {});
    expect(await flash(s.get)).toContain('已催办 4 人：张三、李四、王五、赵六。');
    // Someone who has submitted is named too when 催办 is asked for them alone.
    await person('A1').sayAll(FULL_FORM);
    await s.post('/campaigns/1/urge', { user: 'A1' });
    expect(await flash(s.get)).toContain('张三 已提交，无需催办。');

    // The next campaign's form offers the known people by name, the userid beside it.
    const boxes = await (await s.get('/campaigns/new')).text();
    expect(boxes).toMatch(
      /<input type="checkbox" name="people" value="A1"> 张三 <span class="hint">A1<\/span><\/label>/,
    );

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await s.get('/campaigns/1/summary.xlsx')).arrayBuffer());
    const firstColumn = wb.getWorksheet('汇总')!.getColumn(1).values.slice(3);
    expect(firstColumn).toEqual(['张三（A1）', '李四（B2）', '王五', '赵六（Z6）']);
    // The 填报人 column fits the longest 姓名（账号） on one line (a Chinese character is two widths), at most 22.
    expect(wb.getWorksheet('汇总')!.getColumn(1).width).toBe(11);
    await s.post('/campaigns/1/assign', { names: '欧阳明月（OuYangMingYue01）' });
    const wider = new ExcelJS.Workbook();
    await wider.xlsx.load(await (await s.get('/campaigns/1/summary.xlsx')).arrayBuffer());
    expect(wider.getWorksheet('汇总')!.getColumn(1).width).toBe(22);
  });
});
