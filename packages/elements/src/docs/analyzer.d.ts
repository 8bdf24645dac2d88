// The analyzer's own typings cover only its plugin API; these are the two
// programmatic exports generateElementDocs uses (see its index.js).
import type { Package } from 'custom-elements-manifest/schema.js';
import type * as typescript from 'typescript';

declare module '@custom-elements-manifest/analyzer' {
  export function create(options: { modules: readonly typescript.SourceFile[] }): Package;
  export const ts: typeof typescript;
}
