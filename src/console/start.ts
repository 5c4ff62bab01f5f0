// `npm start` serves the console in every mode (WeChat, 企业微信, terminal): address and port from the environment,
// a sign-in link printed in the terminal, and the 「后台」 chat command for admins. A taken port is reported, not fatal.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AdminHook, makeConsoleHook } from '../campaigns/admin-hook.js';
import type { OutboxPort } from '../engine/ports.js';
import { removeStaleCopies } from '../import/temp-copies.js';
import type { ConsoleApp } from './people.js';
import type { PeopleDirectory } from './people-directory.js';
import { type ConsoleServer, startConsole } from './server.js';

export interface ConsoleFromEnv {
  server?: ConsoleServer;
  /** For the channel's hooks: 「后台」 from an admin gets a sign-in link (a "not running" note when off). */
  adminHook: AdminHook;
  close(): Promise<void>;
}

export async function startConsoleFromEnv(
  /** flowsDir: where a form uploaded in the console is published (the catalog's directory). */
  deps: {
    app: ConsoleApp;
    outbox: OutboxPort;
    dataDir: string;
    flowsDir?: string;
    admins?: string[];
    people?: PeopleDirectory;
    /** Terminal mode has no chat command for a new link: the printed line says only the CLI. */
    mode?: 'wechat' | 'wecom' | 'terminal';
  },
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = (l) => console.error(l),
): Promise<ConsoleFromEnv> {
  // Upload copies (routes-forms.ts) a process killed mid-import left behind (issue 21).
  removeStaleCopies(tmpdir(), { prefix: 'tianbao-upload-' });
  const off = /^(off|0|false|no)$/i.test(env.CONSOLE ?? '');
  const portText = env.CONSOLE_PORT?.trim() || '8787';
  const port = Number(portText);
  const notRunning: ConsoleFromEnv = {
    adminHook: makeConsoleHook(() => undefined),
    close: async () => {},
  };
  if (off) return notRunning;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    print(`网页后台未启动：CONSOLE_PORT="${portText}" 不是有效端口，例如 CONSOLE_PORT=8787`);
    return notRunning;
  }
  try {
    const server = await startConsole(
      {
        app: deps.app,
        outbox: deps.outbox,
        reportsDir: join(deps.dataDir, 'reports'),
        flowsDir: deps.flowsDir,
        admins: deps.admins,
        people: deps.people,
      },
      {
        host: env.CONSOLE_HOST?.trim() || '127.0.0.1',
        port,
        publicUrl: env.CONSOLE_URL?.trim() || undefined,
        // The bot keeps the process alive; if it fails to start, a console left listening must not hang `npm start`.
        keepAlive: false,
      },
    );
    print(`网页后台：${server.url}`);
    print(`登录链接（10分钟内有效，只能用一次）：${await server.signInLink()}`);
    print(
      deps.mode === 'terminal'
        ? '要新的登录链接：在这台电脑上另开一个终端运行 npx tianbao console link'
        : `要新的登录链接：在这台电脑上运行 npx tianbao console link，或由管理员在${deps.mode === 'wecom' ? '企业微信' : '微信'}里给机器人发「后台」。`,
    );
    return { server, adminHook: makeConsoleHook(() => server.signInLink()), close: () => server.close() };
  } catch (e) {
    print(`网页后台未启动：${(e as Error).message}（可在 .env 里用 CONSOLE_PORT 换一个端口）`);
    return notRunning;
  }
}
