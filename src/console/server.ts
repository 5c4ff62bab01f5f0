// The coordinator's web console, served by the bot's own process in every mode (WeChat, terminal): campaigns,
// live progress with each message's delivery, reviews (审核/退回), reports, forms. It reads the same store, engine
// and campaign modules as the chat; nothing is copied.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { Campaign } from '../campaigns/model.js';
import { Scheduler } from '../campaigns/scheduler.js';
import type { OutboxPort } from '../engine/ports.js';
import { ConsoleAuth, type ConsoleSession } from './auth.js';
import { CONSOLE_JS } from './client-script.js';
import { bare } from './layout.js';
import { type ConsoleApp, personRow } from './people.js';
import { type PeopleDirectory, storeDirectory } from './people-directory.js';
import { RateLimit } from './rate-limit.js';
import { campaignRoutes } from './routes-campaigns.js';
import { formRoutes, UPLOAD_MAX_BYTES } from './routes-forms.js';
import { reportRoutes } from './routes-reports.js';
import { reviewRoutes } from './routes-reviews.js';

export const COOKIE = 'tianbao_console';
/** Any form but the upload: a campaign of thousands of names is still well under this. */
export const FORM_MAX_BYTES = 1024 * 1024;
/** The sign-in form is one token. */
export const SIGNIN_MAX_BYTES = 4 * 1024;

export interface ConsoleDeps {
  app: ConsoleApp;
  /** Where 催办 and 退回 go: the channel's persistent outbox. */
  outbox: OutboxPort;
  /** Where the engine's DocxReportSink writes (<dataDir>/reports); downloads never leave it. */
  reportsDir: string;
  /** Where 发布 of an uploaded form writes (TIANBAO_FLOWS_DIR, the directory the catalog reads); no upload without it. */
  flowsDir?: string;
  clock?: () => Date;
  /** ADMIN_CONTACTS, for the deadline summary of the scheduler the console shares. */
  admins?: string[];
  auth?: ConsoleAuth;
  /** Behind an HTTPS proxy (CONSOLE_URL https://…) the cookie is sent over HTTPS only. */
  secureCookie?: boolean;
  /** How the channel keys people (微信备注, 企业微信账号, 终端用户名) and whether it can reach one. */
  people?: PeopleDirectory;
}

/** session: set for the routes behind sign-in; visitor: the session of the cookie, if any, for the earlier middleware. */
export type Env = { Variables: { session: ConsoleSession; visitor?: ConsoleSession; flash?: Flash } };
export interface Flash {
  text: string;
  bad?: boolean;
  /** A button beside the message that takes the change back (移出, 关闭任务): a form posted with these fields. */
  undo?: { action: string; label: string; fields?: Record<string, string> };
}

export interface Ctx {
  deps: ConsoleDeps;
  scheduler: Scheduler;
  people: PeopleDirectory;
  now: () => Date;
  /** A message shown once on the next page (kept with the session, never in the URL). */
  flash(session: ConsoleSession, f: Flash): void;
  takeFlash(session: ConsoleSession): Flash | undefined;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  // A sign-in link must never leak to another site through the Referer header.
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};
/** An empty answer (204, 304) carries no page: only what keeps it out of caches. The live refresh stays tiny. */
const EMPTY_HEADERS: Record<string, string> = { 'Cache-Control': 'no-store' };

const htmxJs = () => readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), 'utf8');

/** The peer's address (node-server); requests made in process (tests) count as one local address. */
function addressOf(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}

/** The console as a Hono app: route tests call app.request() without a socket. */
export function consoleApp(deps: ConsoleDeps): { app: Hono<Env>; auth: ConsoleAuth } {
  const now = deps.clock ?? (() => new Date());
  const auth = deps.auth ?? new ConsoleAuth(deps.app.consoleState.auth, now);
  const scheduler = new Scheduler({
    campaigns: deps.app.campaigns,
    store: deps.app.store,
    engine: deps.app.engine,
    flows: deps.app.catalog,
    outbox: deps.outbox,
    admins: deps.admins,
  });
  const flashes = new Map<string, Flash>();
  const ctx: Ctx = {
    deps,
    scheduler,
    people: deps.people ?? storeDirectory(deps.app),
    now,
    flash: (s, f) => {
      // Bounded: a flash nobody came back for is dropped with the oldest.
      if (flashes.size >= 1000) flashes.delete(flashes.keys().next().value!);
      flashes.set(s.id, f);
    },
    takeFlash: (s) => {
      const f = flashes.get(s.id);
      flashes.delete(s.id);
      return f;
    },
  };
  const app = new Hono<Env>();
  const limiter = new RateLimit(undefined, () => now().getTime());
  let js: string | undefined;

  // Outermost: pages and fragments go compressed (a 500-person page is ~10× smaller); empty answers stay bare.
  app.use('*', compress());
  app.use('*', async (c, next) => {
    await next();
    const empty = c.res.status === 204 || c.res.status === 304;
    for (const [k, v] of Object.entries(empty ? EMPTY_HEADERS : SECURITY_HEADERS)) c.res.headers.set(k, v);
  });

  // Who is asking: a valid session cookie, or a stranger — whose requests are counted per address.
  app.use('*', async (c, next) => {
    const s = await auth.session(getCookie(c, COOKIE));
    if (s) c.set('visitor', s);
    else if (!limiter.take(addressOf(c))) return c.text('请求太频繁，请一分钟后再试', 429);
    await next();
  });

  // Every body has a limit, signed in or not, before a byte of it is parsed: the sign-in form is one token, an
  // upload is at most what the importer takes (plus the multipart envelope), any other form a few fields.
  const limits = {
    signin: bodyLimit({ maxSize: SIGNIN_MAX_BYTES, onError: (c) => c.text('提交的内容太大，没有读取', 413) }),
    upload: bodyLimit({
      maxSize: UPLOAD_MAX_BYTES + 64 * 1024,
      onError: (c) =>
        c.html(
          bare(
            '文件太大',
            html`<div class="card"><p>上传的文件超过 ${UPLOAD_MAX_BYTES / 1048576} MB 上限，没有读取。绩效表一般不到 1 MB，请删去表里的图片后再上传。</p><p><a href="/forms">返回表单</a></p></div>`,
          ),
          413,
        ),
    }),
    form: bodyLimit({ maxSize: FORM_MAX_BYTES, onError: (c) => c.text('提交的内容太大，没有读取', 413) }),
  };
  app.use('*', (c, next) => {
    const path = c.req.path;
    // Only a signed-in coordinator may send a file this large.
    const signedIn = c.get('visitor') !== undefined;
    if (path === '/forms/upload' && signedIn) return limits.upload(c, next);
    return (path === '/signin' || !signedIn ? limits.signin : limits.form)(c, next);
  });

  // Sign-in: GET only shows a button, so a link previewer that fetches the URL does not use the link up.
  app.get('/signin-needed', (c) => c.html(signInNeeded(), 401));
  app.get('/signin/:token', async (c) => {
    const t = c.req.param('token');
    if (!(await auth.linkValid(t))) return c.html(expiredPage(), 403);
    return c.html(
      bare(
        '登录',
        html`<div class="card"><h1>登录填报后台</h1><p>此链接只能使用一次，登录后在本浏览器保持登录 12 小时（机器人重启也不用重新登录）。</p>
<form method="post" action="/signin"><input type="hidden" name="token" value="${t}"><button type="submit">登录</button></form></div>`,
      ),
    );
  });
  app.post('/signin', async (c) => {
    const body = await c.req.parseBody();
    const s = await auth.signIn(String(body.token ?? ''));
    if (!s) return c.html(expiredPage(), 403);
    setCookie(c, COOKIE, s.id, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: 12 * 3600,
      secure: Boolean(deps.secureCookie),
    });
    return c.redirect('/campaigns', 303);
  });

  // Everything else needs a session; every POST needs the session's CSRF token (form field or htmx header).
  app.use('*', async (c, next) => {
    const s = c.get('visitor');
    if (!s) {
      if (c.req.method === 'GET' && !c.req.header('hx-request')) return c.redirect('/signin-needed', 303);
      return c.text('未登录或登录已过期', 401);
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const type = c.req.header('content-type') ?? '';
      const form =
        type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')
          ? await c.req.parseBody()
          : {};
      const sent = c.req.header('x-csrf-token') ?? (typeof form._csrf === 'string' ? form._csrf : undefined);
      if (!auth.csrfOk(s, sent)) return c.text('请求已失效（缺少或错误的校验码），请刷新页面后重试', 403);
    }
    c.set('session', s);
    await next();
  });

  app.get('/static/htmx.min.js', (c) => {
    js ??= htmxJs();
    return c.body(js, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  app.get('/static/console.js', (c) => c.body(CONSOLE_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/', (c) => c.redirect('/campaigns', 303));
  app.post('/signout', async (c) => {
    await auth.signOut(c.get('session').id);
    deleteCookie(c, COOKIE, { path: '/' });
    return c.html(bare('已退出', html`<div class="card"><p>已退出。再次登录需要新的登录链接。</p></div>`));
  });
  campaignRoutes(app, ctx);
  reviewRoutes(app, ctx);
  reportRoutes(app, ctx);
  formRoutes(app, ctx);
  app.notFound((c) =>
    c.html(
      bare('找不到', html`<div class="card"><p>找不到这个页面。</p><p><a href="/campaigns">返回填报任务</a></p></div>`),
      404,
    ),
  );
  return { app, auth };
}

/** Shown for any page while signed out (the redirect target is itself public and says what to do). */
function signInNeeded() {
  return bare(
    '请登录',
    html`<div class="card"><h1>请先登录</h1><p>登录链接在启动机器人的终端里显示。要新的链接：在机器人所在的电脑上运行 <code>npx tianbao console link</code>；管理员也可以在微信里给机器人发「后台」获取。</p></div>`,
  );
}

function expiredPage() {
  return bare(
    '链接已失效',
    html`<div class="card"><h1>登录链接已失效</h1><p>链接只能使用一次，且 10 分钟内有效。要新的链接：在机器人所在的电脑上运行 <code>npx tianbao console link</code>，或在微信里给机器人发「后台」。</p></div>`,
  );
}

/**
 * Scoring a 60-item form takes a few ms, so the first view of a large campaign would score hundreds at
 * once. After start, open campaigns' rows are read in the background, one person per event-loop turn,
 * so the first page a coordinator opens is served from the cache. Stops when the database closes.
 */
function warmUp(deps: ConsoleDeps): () => void {
  let stopped = false;
  const now = deps.clock ?? (() => new Date());
  let todo: Array<{ c: Campaign; user: string }> | undefined;
  const step = async () => {
    try {
      todo ??= await people(deps);
    } catch {
      return; // the database closed, or cannot be read now: pages read what they need themselves
    }
    const next = todo.shift();
    if (stopped || !next) return;
    try {
      await personRow(deps.app, next.c, next.user, now());
    } catch {
      // A row that cannot be read now (or a database closed under it) is read, with its error, when a page asks.
    }
    setImmediate(step);
  };
  setImmediate(step);
  return () => {
    stopped = true;
  };
}

/** Every assignee of the open campaigns, for the warm-up. */
async function people(deps: ConsoleDeps): Promise<Array<{ c: Campaign; user: string }>> {
  const out: Array<{ c: Campaign; user: string }> = [];
  for (const c of await deps.app.campaigns.openCampaigns())
    for (const a of await deps.app.campaigns.assignees(c.id)) out.push({ c, user: a.user });
  return out;
}

export interface ConsoleServer {
  url: string;
  /** A fresh one-time sign-in link (full URL). */
  signInLink(): Promise<string>;
  close(): Promise<void>;
}

export interface ConsoleListen {
  /** Default 127.0.0.1: the console is for this machine unless CONSOLE_HOST says otherwise. */
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  /** The address people open, when it differs (behind a reverse proxy): CONSOLE_URL. */
  publicUrl?: string;
  /** false: the console alone does not keep the process running (the bot does; if it fails, the process ends). */
  keepAlive?: boolean;
}

/** Serves the console; resolves once it listens (rejects when the port is taken). */
export async function startConsole(deps: ConsoleDeps, listen: ConsoleListen = {}): Promise<ConsoleServer> {
  const { app, auth } = consoleApp({
    ...deps,
    secureCookie: deps.secureCookie ?? /^https:/i.test(listen.publicUrl ?? ''),
  });
  const host = listen.host ?? '127.0.0.1';
  const server = serve({ fetch: app.fetch, hostname: host, port: listen.port ?? 8787 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  if (listen.keepAlive === false) server.unref();
  const port = (server.address() as AddressInfo).port;
  const stopWarming = warmUp(deps);
  const url = (listen.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
  return {
    url,
    signInLink: async () => `${url}/signin/${await auth.issueLink()}`,
    close: () =>
      new Promise<void>((resolve) => {
        stopWarming();
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
