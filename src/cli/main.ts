// Dispatches `tianbao <command>`; commands load lazily so one command's dependencies never slow another.
type Command = { describe: string; run: () => Promise<(argv: string[]) => Promise<number>> };

const commands: Record<string, Command> = {
  start: {
    describe: '启动：连接已配置的企业微信、微信（可同时），都未配置则进入终端对话；都提供网页后台',
    run: async () => (await import('./chat-command.js')).runStart,
  },
  chat: {
    describe: '终端对话：chat [--user 名字]（可用管道输入，每行一条消息）',
    run: async () => (await import('./chat-command.js')).runChat,
  },
  score: {
    describe: '按评分标准计算得分：score --flow <file.yaml> --answers <answers.json> [--json]',
    run: async () => (await import('./score-command.js')).runScore,
  },
  flows: {
    describe: '检查表单：flows check [目录或文件…]',
    run: async () => (await import('./flows-command.js')).runFlows,
  },
  report: {
    describe: '生成自评表：report --flow <file.yaml> --answers <answers.json> --out <file.docx>',
    run: async () => (await import('./report-command.js')).runReport,
  },
  explain: {
    describe: '解释得分：explain --flow <file.yaml> --answers <answers.json> --question "<问题>"',
    run: async () => (await import('./explain-command.js')).runExplain,
  },
  campaign: {
    describe: '填报任务：campaign create|list|show|close|assign|unassign（指定表单、填报人和截止时间）',
    run: async () => (await import('./campaign-command.js')).runCampaign,
  },
  reminders: {
    describe: '预览提醒：reminders preview --at "2026-11-28 09:00" [--json]',
    run: async () => (await import('./reminders-command.js')).runReminders,
  },
  import: {
    describe: '导入原表：import <文件.docx|.xlsx|.doc|.xls> [--out flows/] [--id 编号] [--dry-run]',
    run: async () => (await import('./import-command.js')).runImport,
  },
  status: {
    describe: '填报进度：status [--campaign <编号>] [--json]',
    run: async () => (await import('./status-command.js')).runStatus,
  },
  people: {
    describe: '身份与姓名：people bind <备注> | list | revoke <备注> | name <账号> <姓名>',
    run: async () => (await import('./people-command.js')).runPeople,
  },
  backup: {
    describe: '备份数据库：backup <文件>（机器人运行时也可以）',
    run: async () => (await import('./backup-command.js')).runBackup,
  },
  db: {
    describe: '数据库：db copy --to postgres://…（把 SQLite 整库复制到 PostgreSQL 并核对行数）',
    run: async () => (await import('./db-command.js')).runDb,
  },
  console: {
    describe: '网页后台：console link（打印新的一次性登录链接，正在运行的机器人认得）',
    run: async () => (await import('./console-command.js')).runConsole,
  },
  doctor: {
    describe: '检查运行环境：数据目录、数据库、表单、字体、微信设置',
    run: async () => (await import('./doctor-command.js')).runDoctor,
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log('用法：tianbao <命令> [参数]\n');
    for (const [n, c] of Object.entries(commands)) console.log(`  ${n.padEnd(10)} ${c.describe}`);
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    console.error(`不认识的命令 "${name}"。可用命令：${Object.keys(commands).join('、')}`);
    return 2;
  }
  return (await cmd.run())(rest);
}
