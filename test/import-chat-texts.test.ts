import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chatImportHooks } from '../src/channels/wechat/chat-import-hooks.js';
import { ChatImport, MAX_REPLY } from '../src/import/chat-import.js';
import { loadImportTexts } from '../src/import/chat-import-texts.js';
import { templatePath } from '../src/templates/load-template.js';
import { hecheng } from './fixtures/import/seed-forms.js';
import { writeDocx } from './fixtures/import/write-form.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';

const keep = closeAfterEach();
afterEach(() => void vi.unstubAllEnvs());

const shipped = readFileSync(templatePath('import.yaml'), 'utf8');

/** A deployer's copy of templates/import.yaml with some lines replaced. */
function copy(dir: string, edit: (text: string) => string): string {
  const file = join(dir, 'import.yaml');
  writeFileSync(file, edit(shipped));
  return file;
}

/** The WeChat file and text hooks as `npm start` wires them, admin or not per message. */
function wechat(dir: string) {
  const h = chatImportHooks({
    flowsDir: join(dir, 'flows'),
    dataDir: join(dir, 'data'),
    reload: () => ({ flows: 1, errors: [] }),
    log: () => {},
  });
  const send = async (name: string, bytes: () => Promise<Buffer>, isAdmin = true, size?: number) =>
    ((await h.file({ id: 'wx:1', user: '管理员', isAdmin, file: { name, bytes, size } })) ?? []).map((o) =>
      o.kind === 'text' ? o.text : `[${o.kind}]`,
    );
  const say = async (text: string, isAdmin = true) =>
    ((await h.text({ id: 'wx:2', user: '管理员', text, isAdmin })) ?? []).map((o) =>
      o.kind === 'text' ? o.text : `[${o.kind}]`,
    );
  return { send, say };
}

describe('a deployer rewords the import in their own copy of templates/import.yaml', () => {
  it('TIANBAO_IMPORT_TEXTS names the copy: the bot says the new sentence, the rest as shipped', async () => {
    const dir = keep(tempDir('tianbao-import-texts-'), cleanup);
    const file = copy(dir, (t) =>
      t.replace(/^not_admin: .*$/m, 'not_admin: 导入表单请找办公室的系统管理员，您发的文件没有保存。'),
    );
    vi.stubEnv('TIANBAO_IMPORT_TEXTS', file);
    const { send, say } = wechat(dir);
    const form = join(dir, 'hecheng.docx');
    await writeDocx(hecheng, form);
    const bytes = async () => readFileSync(form);

    expect(await send('鹤城自评表.docx', bytes, false)).toEqual([
      '导入表单请找办公室的系统管理员，您发的文件没有保存。',
    ]);
    // Unchanged keys keep the shipped wording.
    expect(await say('导入 /etc/passwd.docx')).toEqual([
      '在微信里请直接把绩效表的 Word 或 Excel 文件发给我（.docx、.xlsx、.doc、.xls），不用输入路径。',
    ]);
    expect((await send('鹤城自评表.docx', bytes)).join('').split('\n').at(-1)).toBe(
      '回复「发布」让大家填报，回复「取消」放弃。',
    );
    expect(await say('取消')).toEqual(['已取消导入，什么都没有改动。']);
  });

  it('a reworded line with placeholders is filled like the shipped one', async () => {
    const dir = keep(tempDir('tianbao-import-texts-'), cleanup);
    const file = copy(dir, (t) => t.replace(/^published: .*$/m, 'published: "发布好了（{count} 张）：\\n{forms}"'));
    const importer = new ChatImport({
      isAdmin: () => true,
      flowsDir: join(dir, 'flows'),
      reload: () => {},
      texts: loadImportTexts(file),
    });
    const form = join(dir, 'hecheng.docx');
    await writeDocx(hecheng, form);
    await importer.receiveFile('wxid_admin', form);
    expect(await importer.handleText('wxid_admin', '发布')).toEqual([
      '发布好了（1 张）：\n《2020年预算支出绩效自评表·驻京维稳劝返专项经费》',
    ]);
  });
});

describe('a broken copy stops the bot at start, saying which key is wrong', () => {
  it('a missing key is named', () => {
    const dir = keep(tempDir('tianbao-import-texts-'), cleanup);
    const file = copy(dir, (t) => t.replace(/^cancelled: .*\n/m, ''));
    expect(() => loadImportTexts(file)).toThrow(`导入消息模板有误：\n${file}: cancelled: 缺少此项`);
    // The importer reads it when the bot starts, not when an admin first says 取消.
    vi.stubEnv('TIANBAO_IMPORT_TEXTS', file);
    expect(() => wechat(dir)).toThrow(`${file}: cancelled: 缺少此项`);
  });

  it('a dropped or misspelt placeholder is named with the ones the message may use', () => {
    const dir = keep(tempDir('tianbao-import-texts-'), cleanup);
    const file = copy(dir, (t) =>
      t.replace(/^published_version: .*$/m, 'published_version: 《{name}》第 {versoin} 版，已替换旧版'),
    );
    let message = '';
    try {
      loadImportTexts(file);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n').slice(1)).toEqual([
      `${file}: published_version: 缺少占位符 {version}、{replaced}`,
      `${file}: published_version: 不认识的占位符 {versoin}（可用：{name}、{version}、{replaced}）`,
    ]);
  });

  it('a message too long for one screen is refused, so no reply runs past it', () => {
    const dir = keep(tempDir('tianbao-import-texts-'), cleanup);
    const file = copy(dir, (t) => t.replace(/^cancelled: .*$/m, `cancelled: ${'已取消导入。'.repeat(40)}`));
    expect(() => loadImportTexts(file)).toThrow(
      `${file}: cancelled: 太长（上限 200 字）：一条回复要在一屏之内，还要放下文件名、表名和读不了的原因`,
    );
  });
});

/** What a person may read on a phone: one screen, no ids, no path on the bot's machine, no code. */
function readable(reply: string, machine: string[]): void {
  expect(reply.length, reply).toBeLessThanOrEqual(MAX_REPLY);
  for (const p of machine) expect(reply, reply).not.toContain(p);
  expect(reply).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // the saved file's uuid name
  expect(reply).not.toMatch(/wxid_|wx:\d|\/tmp\/|\{\w+\}|>=|<=|Error|ENOENT|undefined|NaN|at \w+ \(/);
}

describe('every import reply on WeChat fits one screen and says nothing of the bot’s machine', () => {
  it('refusals, a file too big, a download cut short, unreadable files, summary, 取消 and 发布', async () => {
    const dir = keep(tempDir('tianbao-import-texts-'), cleanup);
    const { send, say } = wechat(dir);
    // A sender's file name can be long: the reply still fits.
    const long = `${'二〇二四年度部门整体支出绩效自评表'.repeat(30)}.docx`;
    const form = join(dir, 'hecheng.docx');
    await writeDocx(hecheng, form);
    const good = async () => readFileSync(form);
    const junk = async () => Buffer.from('这不是一张表');

    const replies = [
      ...(await send('鹤城自评表.docx', good, false)),
      ...(await say('导入 /etc/passwd.docx')),
      ...(await send(long, good, true, 30 * 2 ** 20)),
      ...(await send(long, () => Promise.reject(new Error('ECONNRESET /tmp/wechaty')))),
      ...(await send(long, junk)),
      ...(await send('目标表.xlsx', junk)),
      ...(await send('鹤城自评表.docx', good)),
      ...(await say('取消')),
      ...(await send('鹤城自评表.docx', good)),
      ...(await say('发布')),
    ];
    expect(replies).toHaveLength(10);
    for (const r of replies) readable(r, [dir, join(dir, 'data')]);
    // The long name is shortened, its extension kept; what to do next is said in full.
    const shown = '二〇二四年度部门整体支出绩效自评表二〇二四年度部门整体支出绩效自评表…';
    expect(replies[2]).toBe(
      `《${shown}.docx》超过 20 MB，不像一张绩效表，没有导入。请发送绩效目标表或自评表的 Word/Excel 文件。`,
    );
    expect(replies[3]).toBe(`《${shown}.docx》没有收到完整的文件，请重新发送一次。`);
    expect(replies[4]?.split('\n')[1]).toBe(
      '请发送绩效目标表或自评表的 Word/Excel 文件（.docx、.xlsx、.doc、.xls），表里要有一级、二级、三级指标和指标值。',
    );
    expect(replies[9]?.startsWith('已发布 1 张表：\n《2020年预算支出绩效自评表·驻京维稳劝返专项经费》')).toBe(true);
  });
});
