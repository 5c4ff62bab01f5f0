import { parseArgs } from 'node:util';
import { loadSettings } from '../app/settings.js';
import { BindingCodes, DEFAULT_CODE_HOURS } from '../channels/wechat/binding-codes.js';
import { openTables } from '../store/open-tables.js';

const USAGE = `用法：
  tianbao people bind <姓名或备注> [--hours 72]   生成一次性绑定码，交给本人发给机器人
  tianbao people list                            已绑定的联系人、未使用的绑定码和设置的姓名
  tianbao people revoke <姓名或备注>              作废此人未使用的绑定码
  tianbao people name <账号> <姓名>               设置显示的姓名（企业微信：账号即 userid）
  tianbao people name <账号> --clear              去掉设置的姓名，改回显示账号`;

/**
 * `tianbao people …`: who the bot knows. A person is known by the 备注 the bot owner sets, or by a one-time code
 * issued here (for someone without a 备注, a new phone, or a contact the bot could not tell apart after a re-login).
 */
export async function runPeople(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    console.error(`参数有误：${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [sub, ...names] = parsed.positionals;
  const key = names.join(' ').normalize('NFKC').trim();
  if (!sub || ((sub === 'bind' || sub === 'revoke') && !key) || !['bind', 'list', 'revoke', 'name'].includes(sub)) {
    console.error(USAGE);
    return 2;
  }
  if (sub === 'name') return naming(names, Boolean(parsed.values.clear));
  const hours = parsed.values.hours === undefined ? DEFAULT_CODE_HOURS : Number(parsed.values.hours);
  if (!(Number.isInteger(hours) && hours >= 1 && hours <= 24 * 30)) {
    console.error(`--hours 应为 1 到 720 之间的整数，例如 --hours 72（现为 "${parsed.values.hours}"）`);
    return 2;
  }
  const settings = loadSettings();
  const tables = await openTables(settings);
  try {
    const codes = new BindingCodes(tables.wechat);
    if (sub === 'bind') {
      const { code, expiresAt } = await codes.issue(key, hours);
      console.log(`「${key}」的绑定码：${code}`);
      console.log(`请交给本人，在 ${local(expiresAt)} 前用微信发给机器人（例如：绑定 ${code}）。只能用一次。`);
      const e = settings.env;
      if (!e.ALLOW_ALL && !e.ALLOWED_CONTACTS.includes(key) && !e.ADMIN_CONTACTS.includes(key))
        console.log(
          `注意：「${key}」不在 ALLOWED_CONTACTS 或 ADMIN_CONTACTS 中，除非是填报任务的指派人，绑定后仍不能使用。`,
        );
      return 0;
    }
    if (sub === 'revoke') {
      console.log((await codes.revoke(key)) ? `已作废「${key}」未使用的绑定码。` : `「${key}」没有未使用的绑定码。`);
      return 0;
    }
    const bound = await tables.wechat.recognised();
    console.log(bound.length ? '已识别的联系人：' : '还没有识别任何联系人。');
    for (const b of bound)
      console.log(
        `  ${b.key}（微信名「${b.name}」，${b.via === 'code' ? '绑定码' : '备注'}，最近 ${local(new Date(b.seen))}）`,
      );
    const pending = await codes.pending();
    if (pending.length) console.log('未使用的绑定码：');
    for (const p of pending) console.log(`  ${p.key}（${local(p.expiresAt)} 过期）`);
    const named = await tables.campaigns.names();
    if (named.size) console.log('设置的姓名（账号：姓名）：');
    for (const [k, n] of named) console.log(`  ${k}：${n}`);
    return 0;
  } finally {
    await tables.close();
  }
}

/**
 * `tianbao people name ZhangSan 张三`: people are shown as 张三 (the 汇总, 催办, the console), as a people list
 * written 张三（ZhangSan） would set it; `--clear` shows them by the key again.
 */
async function naming(args: string[], clear: boolean): Promise<number> {
  const [rawKey, ...rest] = args.map((a) => a.normalize('NFKC').trim());
  const key = rawKey ?? '';
  const name = rest.join(' ').trim();
  if (!key || (clear ? name : !name)) {
    console.error(
      `请写账号和姓名，例如：tianbao people name ZhangSan 张三（去掉姓名：tianbao people name ZhangSan --clear）`,
    );
    return 2;
  }
  if (/[()]/.test(name)) {
    console.error(`姓名里不要带括号（现为「${name}」），例如：tianbao people name ${key} 张三`);
    return 2;
  }
  const tables = await openTables(loadSettings());
  try {
    if (clear) {
      const n = await tables.campaigns.clearNames([key]);
      console.log(n ? `已去掉 ${key} 的姓名，改回显示账号。` : `${key} 没有设置姓名。`);
      return 0;
    }
    const before = (await tables.campaigns.names([key])).get(key);
    await tables.campaigns.setNames([{ key, name }], new Date());
    console.log(
      before && before !== name
        ? `已把 ${key} 的姓名从「${before}」改为「${name}」。`
        : `已设置：${key} 显示为「${name}」。`,
    );
    return 0;
  } finally {
    await tables.close();
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: { hours: { type: 'string' }, clear: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
}

const local = (d: Date) => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
