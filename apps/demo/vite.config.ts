import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The workspace packages ship TypeScript sources behind the `latch-source` condition.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  resolve: { conditions: ['latch-source'] },
  build: { outDir: '../../dist/web', emptyOutDir: true, sourcemap: true },
});
