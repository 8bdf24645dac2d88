import { writeFile } from 'node:fs/promises';
import { generateElementDocs, packageDir } from './generateElementDocs.ts';

// `pnpm --filter @latch/elements docs`: writes what elementDocs.test.ts checks.
const docs = await generateElementDocs();
await writeFile(new URL('custom-elements.json', packageDir), docs.manifest);
await writeFile(new URL('STYLING.md', packageDir), docs.styling);
process.stdout.write('wrote packages/elements/custom-elements.json and STYLING.md\n');
