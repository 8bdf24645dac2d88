import { mkdir, writeFile } from 'node:fs/promises';
import { buildTokens, packageDir } from './buildTokens.ts';

// `pnpm --filter @latch/tokens build`: writes the files buildTokens.test.ts checks.
const { files } = await buildTokens();
for (const [path, content] of files) {
  const url = new URL(path, packageDir);
  await mkdir(new URL('./', url), { recursive: true });
  await writeFile(url, content);
  process.stdout.write(`wrote packages/tokens/${path}\n`);
}
