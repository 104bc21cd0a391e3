import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// One ES module with the SSE parser (eventsource-parser) bundled in: the package has no runtime dependencies.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    lib: { entry: fileURLToPath(new URL('src/index.ts', import.meta.url)), formats: ['es'], fileName: () => 'index.js' },
  },
});
