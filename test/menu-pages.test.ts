// The form menu as a 企业微信 card can show it: every page's choices fit the six buttons a card holds, so each
// form on the screen can be tapped (issue 22), and every form is on some page.
import { describe, expect, it } from 'vitest';
import type { Flow } from '../src/core/flow/model.js';
import { matchesText, menuOf, menuPages, menuText } from '../src/engine/menu.js';
import type { SessionRow } from '../src/engine/ports.js';

const flows = Array.from({ length: 9 }, (_, i) => ({ id: `f${i + 1}`, title: `专项${i + 1}` }) as unknown as Flow);
const open = {
  id: 1,
  user: 'u',
  flowId: 'f3',
  flowHash: 'h',
  status: 'open',
  state: 'asking',
  control: '',
  revision: 0,
  answered: 2,
  total: 7,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
} as unknown as SessionRow;

describe('form menu pages', () => {
  it('short labels: at most four forms a page, so 继续 + forms + 下一页 are six buttons at most', () => {
    const view = menuOf(flows, [open]);
    const pages = menuPages(view.entries);
    expect(pages.flat().map((e) => e.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let p = 1; p <= pages.length; p++) {
      const m = menuText(view, p);
      expect(m.choices.length).toBeLessThanOrEqual(6);
      expect(m.choices[0]).toBe('继续');
      for (const e of pages[p - 1]) expect(m.choices).toContain(e.label);
    }
    expect(menuText(view, 1).choices).toContain('下一页');
  });

  it('a word that matches many forms offers at most six of them', () => {
    const view = menuOf(flows, []);
    const m = matchesText(view, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(m.choices).toHaveLength(6);
    expect(m.text).toContain('9');
  });
});
