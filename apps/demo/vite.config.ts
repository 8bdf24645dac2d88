import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// The workspace packages ship TypeScript sources behind the `latch-source`
// condition. Setting `conditions` replaces Vite's defaults, so list them too.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  resolve: { conditions: ['latch-source', ...defaultClientConditions] },
  build: { outDir: '../../dist/web', emptyOutDir: true, sourcemap: true },
});
