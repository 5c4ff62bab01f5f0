#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx so `npx tianbao` works right after `npm install`, with no build step.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

// Settings come from .env in the working directory when there is one (see .env.example).
if (existsSync('.env')) process.loadEnvFile('.env');
register();
const { main } = await import('../src/cli/main.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // A bad setting or a storage fault: one line saying what to fix, and a non-zero exit — not a stack trace.
  const { fatalLine } = await import('../src/app/log.ts');
  const fatal = fatalLine(e);
  if (!fatal) throw e;
  console.error(fatal.message);
  process.exitCode = fatal.exitCode;
}
