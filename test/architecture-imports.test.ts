import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

/** Every .ts file under a folder of src/. */
function filesUnder(folder: string): string[] {
  return readdirSync(join(SRC, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(SRC, folder, f));
}

/** The src/ folders a file's relative imports land in (`import … from '../../app/settings.js'` → app). */
function importedFolders(file: string): Array<{ spec: string; folder: string }> {
  const text = readFileSync(file, 'utf8');
  const out: Array<{ spec: string; folder: string }> = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = relative(SRC, resolve(dirname(file), m[1]));
    out.push({ spec: m[1], folder: target.split(/[\\/]/)[0] });
  }
  return out;
}

describe('imports point down (ARCHITECTURE.md)', () => {
  it('channels are handed what they need: none imports app/ or cli/', () => {
    const files = filesUnder('channels');
    expect(files.length).toBeGreaterThan(10);
    const wrong = files.flatMap((f) =>
      importedFolders(f)
        .filter((i) => i.folder === 'app' || i.folder === 'cli')
        .map((i) => `${relative(SRC, f)} → ${i.spec}`),
    );
    expect(wrong).toEqual([]);
  });

  it('the console is handed what it needs: it imports no app/, no cli/, and of store/ only the port interfaces', () => {
    const files = filesUnder('console');
    expect(files.length).toBeGreaterThan(10);
    const wrong = files.flatMap((f) =>
      importedFolders(f)
        .filter(
          (i) =>
            i.folder === 'app' ||
            i.folder === 'cli' ||
            // store/<port>.ts is an interface; store/sqlite/, store/postgres/ and the stores themselves are adapters.
            (i.folder === 'store' && (/\/store\/(sqlite|postgres)\//.test(i.spec) || /store\.js$/.test(i.spec))),
        )
        .map((i) => `${relative(SRC, f)} → ${i.spec}`),
    );
    expect(wrong).toEqual([]);
    // And what it takes from store/ are types only (erased at build): no adapter code can ride along.
    const values = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/^import\s+(?!type\b)[^;]*from\s*['"](\.\.\/store\/[^'"]+)['"]/gm)].map(
        (m) => `${relative(SRC, f)} → ${m[1]}`,
      ),
    );
    expect(values).toEqual([]);
  });
});
