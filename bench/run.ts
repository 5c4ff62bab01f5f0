// `npm run bench`: progress lines, then one JSON object of figures as the last line.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const log = (s: string) => console.log(`# ${s}`);

async function optional<T>(
  file: string,
  name: string,
  run: (mod: any) => Promise<T>,
): Promise<T | Record<string, never>> {
  if (!existsSync(fileURLToPath(new URL(file, import.meta.url)))) {
    log(`${name}: not present, skipped`);
    return {};
  }
  return run(await import(file));
}

async function main() {
  if (process.argv[2] === 'wecom') {
    const { benchWecom } = await import('./wecom-bench.js');
    console.log(JSON.stringify(await benchWecom(log)));
    return;
  }
  if (process.argv[2] === 'rss') {
    const { benchRss } = await import('./rss-bench.js');
    console.log(JSON.stringify(await benchRss(log)));
    return;
  }
  if (process.argv[2] === 'console') {
    // `npm run bench console`: only the 500-assignee console figures (page size, refresh bytes).
    const { benchConsole } = await import('./console-bench.js');
    console.log(JSON.stringify(await benchConsole(log)));
    return;
  }
  if (process.argv[2] === 'shots') {
    // `npm run bench shots <dir>`: screenshots of a 500-person round at desktop and phone width, to look at.
    const { consoleShots } = await import('./console-shots.js');
    await consoleShots(process.argv[3] ?? '.', log);
    return;
  }
  if (process.argv[2] === 'import') {
    // `npm run bench import`: only the hostile-file figures.
    const { benchImport } = await import('./import-bench.js');
    console.log(JSON.stringify(await benchImport(log)));
    return;
  }
  if (process.argv[2] === 'pg') {
    // `npm run bench pg`: turn times on PostgreSQL beside SQLite, and 4 apps on one database.
    const { benchPg } = await import('./pg-bench.js');
    console.log(JSON.stringify(await benchPg(log)));
    return;
  }
  if (process.argv[2] === 'engine') {
    // `npm run bench engine`: only the turn figures.
    const { benchEngine } = await import('./engine-bench.js');
    console.log(JSON.stringify(await benchEngine(log)));
    return;
  }
  if (process.argv[2] === 'decide') {
    // `npm run bench decide`: one ordinary answer's decision alone (no database), and its parts.
    const { benchDecide } = await import('./decide-bench.js');
    console.log(JSON.stringify(await benchDecide(log)));
    return;
  }
  if (process.argv[2] === 'pg-throughput') {
    // `npm run bench pg-throughput`: only the PostgreSQL throughput (4 processes × 500 people), when a server is reachable.
    const { benchPgThroughput } = await import('./pg-throughput-bench.js');
    console.log(JSON.stringify(await benchPgThroughput(log)));
    return;
  }
  const figures: Record<string, number> = {};
  Object.assign(figures, await optional('./docx-bench.ts', 'docx', (m) => m.benchDocx(log)));
  const { benchEngine } = await import('./engine-bench.js');
  Object.assign(figures, await benchEngine(log));
  Object.assign(figures, await optional('./pg-bench.ts', 'postgres', (m) => m.benchPg(log)));
  Object.assign(figures, await optional('./outbox-bench.ts', 'outbox', (m) => m.benchOutbox(log)));
  Object.assign(figures, await optional('./console-bench.ts', 'console', (m) => m.benchConsole(log)));
  Object.assign(figures, await optional('./import-bench.ts', 'import', (m) => m.benchImport(log)));
  Object.assign(figures, await optional('./wecom-bench.ts', 'wecom', (m) => m.benchWecom(log)));
  Object.assign(figures, await optional('./pg-throughput-bench.ts', 'pg throughput', (m) => m.benchPgThroughput(log)));
  // Memory is measured in a fresh process so the other benchmarks' garbage does not count.
  const bin = fileURLToPath(new URL('../bin/tianbao-bench.mjs', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', bin, 'rss'], { encoding: 'utf8' }).trim().split('\n');
  for (const l of out.slice(0, -1)) console.log(l);
  Object.assign(figures, JSON.parse(out[out.length - 1]));
  console.log(JSON.stringify(figures));
}

await main();
