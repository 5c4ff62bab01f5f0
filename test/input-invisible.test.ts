import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { stripInvisible } from '../src/core/text/invisible.js';
import { ChatScript, cleanup, closeAfterEach, forEachBackend, tempDir } from './support/chat.js';

// Issue 21, item 6: direction overrides and other invisible characters never reach the answers or the .docx.
const RLO = '\u202E';
const INVISIBLE = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u{E0000}-\u{E007F}]/u;

forEachBackend('input-invisible', () => {
  describe('stripInvisible', () => {
    it('takes out direction overrides, isolates, marks, zero-width characters, tag characters and controls', () => {
      expect(stripInvisible(`9${RLO}8%`)).toBe('98%');
      expect(stripInvisible('\u2066示例\u2069信访局\u200F')).toBe('示例信访局');
      expect(stripInvisible('\uFEFF偏差\u200b原因\u200c说明\u200d完\u00AD')).toBe('偏差原因说明完');
      // Tag characters spell text nobody sees ("ignore"); a bell and an escape are not text either.
      expect(stripInvisible('满意\u{E0069}\u{E0067}\u{E006E}度\u0007\u001b')).toBe('满意度');
    });

    it('keeps line breaks, tabs, emoji and the joiner inside an emoji sequence', () => {
      const emoji = '群众点赞👍👩‍👩‍👧‍👦🇨🇳👍🏽‍';
      expect(stripInvisible('第一行\n第二行\r\n\t第三行')).toBe('第一行\n第二行\r\n\t第三行');
      expect(stripInvisible('群众点赞👍👩‍👩‍👧‍👦🇨🇳')).toBe('群众点赞👍👩‍👩‍👧‍👦🇨🇳');
      // A joiner with no emoji after it joins nothing.
      expect(stripInvisible(emoji)).toBe('群众点赞👍👩‍👩‍👧‍👦🇨🇳👍🏽');
      expect(stripInvisible('plain 文本 100%')).toBe('plain 文本 100%');
    });
  });

  const keep = closeAfterEach();

  describe('typed into a chat, they are stored and printed without the invisible characters', () => {
    it('a whole demo form with overrides in the unit name, an answer and a reason', async () => {
      const chat = keep(new ChatScript(tempDir()), (c) => {
        c.close();
        cleanup(c.dataDir);
      });
      await chat.say('开始');
      expect(await chat.say(`示例${RLO}局信访\u2066办\u2069`)).toContain('已记录');
      expect(await chat.say('1\u200B20')).toContain('已记录 全年预算数：120万元');
      expect(await chat.say('114万元')).toContain('请填写偏差原因');
      expect(await chat.say(`部分资金${RLO}达下底年\u202C才到位`)).toContain('已记录偏差原因');
      for (const m of ['95%', '0起', '稳定', '9\uFEFF5%']) await chat.say(m);
      expect(await chat.say('确认')).toContain('已提交');

      const typed = (await chat.store.historyOf('张三')).map((h) => JSON.stringify(h));
      expect(typed.length).toBeGreaterThan(5);
      for (const h of typed) expect(h).not.toMatch(INVISIBLE);
      expect(typed.join()).toContain('示例局信访办');
      expect(typed.join()).toContain('部分资金达下底年才到位');

      const docx = chat.files.find((f) => (f as { name: string }).name.endsWith('.docx')) as { path: string };
      const xml = await (await JSZip.loadAsync(readFileSync(docx.path))).file('word/document.xml')!.async('string');
      expect(xml).not.toMatch(INVISIBLE);
      expect(xml).toContain('示例局信访办');
    });
  });
});
