/** WeCom shows about 10 characters of a button; longer texts are cut on the phone. */
export const BUTTON_CHARS = 10;

const SEP = ' · ';

/**
 * What each button of a card shows, for choices that may be long (the form menu's 单位 · 项目 · 年度 labels).
 * The part every choice shares — the same 单位 in front, the same 年度 behind — is left out, so three forms of one
 * office read as three different buttons instead of three 「如皋市信访局 · 」; what is still too long is cut with
 * 「…」. Only the shown text changes: the button's key stays the whole choice, which is what a click sends.
 *
 * @example buttonTexts(['如皋市信访局 · 信访救助资金 · 2024年度', '如皋市信访局 · 联席会办信访资金 · 2024年度'])
 *   // ['信访救助资金', '联席会办信访资金']
 */
export function buttonTexts(choices: readonly string[]): string[] {
  if (choices.every((c) => [...c].length <= BUTTON_CHARS)) return [...choices];
  const parts = choices.map((c) => c.split(SEP));
  const long = parts.filter((p) => p.length > 1);
  let head = 0;
  let tail = 0;
  if (long.length > 1) {
    const shortest = Math.min(...long.map((p) => p.length));
    const same = (i: number) => long.every((p) => p[i] === long[0][i]);
    while (head < shortest - 1 && same(head)) head++;
    const fromEnd = (p: string[], i: number) => p[p.length - 1 - i];
    while (tail < shortest - 1 - head && long.every((p) => fromEnd(p, tail) === fromEnd(long[0], tail))) tail++;
  }
  return parts.map((p) => {
    const kept = p.length > 1 ? p.slice(head, p.length - tail).join(SEP) : p[0];
    const chars = [...kept];
    return chars.length <= BUTTON_CHARS ? kept : `${chars.slice(0, BUTTON_CHARS - 1).join('')}…`;
  });
}
