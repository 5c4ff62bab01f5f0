import { createInterface } from 'node:readline';
import type { Engine } from '../engine/engine.js';
import type { Outbound } from '../engine/ports.js';

export interface TerminalOptions {
  engine: Engine;
  user: string;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Notices (banner, prompts) go here so a script reading stdout sees only replies. */
  notice?: NodeJS.WritableStream;
  /** Runs before the engine (import by chat: 导入 <路径>, 发布, 取消); its replies, when not null, replace the engine's. */
  hook?: (text: string) => Promise<string[] | null>;
  /** Runs before each line is handled: what was queued for this person meanwhile (a 催办) is shown first. */
  beforeEach?: () => Promise<void>;
}

/**
 * The terminal channel: one message per line, handled strictly in order, replies on stdout.
 * Works interactively and with piped stdin (exits at end of input).
 */
export async function runTerminal(opts: TerminalOptions): Promise<void> {
  const output = opts.output ?? process.stdout;
  const notice = opts.notice ?? process.stderr;
  const input = opts.input ?? process.stdin;
  const interactive = Boolean((input as NodeJS.ReadStream).isTTY);
  const rl = createInterface({ input, terminal: false });
  if (interactive) notice.write(`填报助手（终端模式，用户：${opts.user}）。输入任意内容开始，Ctrl+D 退出。\n> `);
  let n = 0;
  const session = `${process.pid}-${Date.now()}`;
  for await (const line of rl) {
    const text = line.trim();
    if (!text) {
      if (interactive) notice.write('> ');
      continue;
    }
    n++;
    await opts.beforeEach?.();
    const hooked = await opts.hook?.(text);
    const replies = hooked
      ? hooked.map((t): Outbound => ({ kind: 'text', text: t }))
      : await opts.engine.handle({ id: `tty-${session}-${n}`, user: opts.user, text });
    for (const r of replies) output.write(`${formatOutbound(r)}\n`);
    if (interactive) notice.write('> ');
  }
}

export function formatOutbound(r: Outbound): string {
  return r.kind === 'text' ? r.text : `[文件] ${r.name}\n已保存：${r.path}`;
}
