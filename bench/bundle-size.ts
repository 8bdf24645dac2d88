// What the components cost a page: builds an entry that only registers
// <latch-sign-in> and <latch-sign-up> (Lit and the client included), minified,
// and prints raw and gzip sizes. Also reports the demo's built assets when present.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, defaultClientConditions } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

async function sizes(dir: string): Promise<{ file: string; raw: number; gzip: number }[]> {
  const rows = [];
  for (const name of await readdir(dir)) {
    if (!/\.(js|css)$/u.test(name)) continue;
    const content = await readFile(path.join(dir, name));
    rows.push({ file: name, raw: content.length, gzip: gzipSync(content, { level: 9 }).length });
  }
  return rows;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

const work = await mkdtemp(path.join(tmpdir(), 'latch-bundle-'));
try {
  const entry = path.join(here, 'bundle-entry.ts');
  await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { conditions: ['latch-source', ...defaultClientConditions] },
    build: { outDir: work, emptyOutDir: true, lib: { entry, formats: ['es'], fileName: 'latch-elements' }, minify: true },
  });
  console.log('@latch/elements/define (Lit, client, sign-in, sign-up, styles), minified:');
  for (const row of await sizes(work)) console.log(`  ${row.file.padEnd(28)} ${kb(row.raw).padStart(9)}  gzip ${kb(row.gzip).padStart(8)}`);
} finally {
  await rm(work, { recursive: true, force: true });
}

const demoAssets = path.join(here, '../apps/demo/dist/web/assets');
if (await stat(demoAssets).catch(() => undefined)) {
  console.log('apps/demo (React, TanStack Query, @latch/react), as last built:');
  for (const row of await sizes(demoAssets)) console.log(`  ${row.file.padEnd(28)} ${kb(row.raw).padStart(9)}  gzip ${kb(row.gzip).padStart(8)}`);
} else {
  console.log('apps/demo is not built; run `pnpm --filter @latch/demo build` to include it.');
}
