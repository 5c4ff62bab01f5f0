// One `tianbao import --dry-run` in a fresh process, measured: how long the import took and the process's peak
// resident memory (worker threads included), printed as one JSON line after the CLI's own output.
// Usage: node --import tsx bench/import-child.ts <file>   (used by bench/import-bench.ts and test/import-hostile-xlsx.test.ts)
import { runImport } from '../src/cli/import-command.js';

const file = process.argv[2] as string;
const started = performance.now();
const code = await runImport([file, '--dry-run']);
const ms = Math.round(performance.now() - started);
// maxRSS is in kilobytes: the whole process's high-water mark, the reading thread's included.
const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`\n${JSON.stringify({ code, ms, peakMb })}\n`);
