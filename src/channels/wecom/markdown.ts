/**
 * The bot's plain replies as WeCom markdown that reads the same on a phone: every line break kept (a single
 * newline is a soft break in markdown, so each line ends with two spaces, as WeCom's own examples do), and the
 * few characters markdown would eat shown as their full-width look-alikes — a 分值 marked "12.5*" keeps its
 * star, a line starting with # or > stays a line, never a heading or a quote.
 *
 * @example phoneMarkdown('第 2/7 项｜分值 12.5*\n请回复数字') === '第 2/7 项｜分值 12.5＊  \n请回复数字'
 */
export function phoneMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .replace(/[*`~]/g, (c) => FULL_WIDTH[c] ?? c)
        .replace(/^(\s*)([#>])/, (_, sp: string, c: string) => sp + (FULL_WIDTH[c] ?? c))
        .replace(/\[([^\]]*)\]\(/g, '［$1］（')
        .trimEnd(),
    )
    .join('  \n')
    .replace(/( {2}\n){2,}/g, '\n\n');
}

const FULL_WIDTH: Record<string, string> = { '*': '＊', '`': '｀', '~': '～', '#': '＃', '>': '＞' };
