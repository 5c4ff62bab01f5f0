import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

// Issue 24: every table is behind a port in src/store/ — nothing else opens, holds or queries a database handle
// (better-sqlite3 or pg). The composition root constructs the store objects src/store/ offers (new SqliteStore,
// openPgStore — ports, not handles), and `tianbao backup` copies the file through src/store/backup.ts.
const SRC = resolve(import.meta.dirname, '../src');

/** The file's code with comments and string literals blanked out (so a file name like 'tianbao.db' is not a hit). */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, "''");
}

const HANDLE = [
  { what: 'imports better-sqlite3', re: null, raw: /from\s*['"]better-sqlite3['"]/ },
  { what: 'imports pg', re: null, raw: /from\s*['"]pg['"]/ },
  { what: 'reads a `.db` handle', re: /\.db\b/ },
  { what: 'runs SQL on a handle', re: /\bdb\.(prepare|pragma|exec|transaction)\(/ },
  {
    what: 'opens a database',
    re: /\b(openDatabase|openDatabaseFile|openPool)\(|new\s+(Database|pg\.Pool|Pool|Client)\(/,
  },
];

it('outside src/store/ nothing touches a database handle', () => {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.startsWith(`store`))
    .map((f) => join(SRC, f));
  expect(files.length).toBeGreaterThan(100);
  const hits: string[] = [];
  for (const f of files) {
    const raw = readFileSync(f, 'utf8');
    const text = code(raw);
    for (const h of HANDLE) {
      const found = h.raw ? h.raw.test(raw) : h.re?.test(text);
      if (found) hits.push(`${relative(SRC, f)}: ${h.what}`);
    }
  }
  expect(hits).toEqual([]);
});

it('the check finds a handle where there is one (it can fail)', () => {
  expect(code("const db = openDatabase(file); db.prepare('SELECT 1');")).toMatch(/\bdb\.prepare\(/);
  expect(code("join(dir, 'tianbao.db')")).not.toMatch(/\.db\b/);
  expect(/\.db\b/.test(code('startHousekeeping(app.sqlite.db, r, log);'))).toBe(true);
});
