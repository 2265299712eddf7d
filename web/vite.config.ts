import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console: built into web/dist, which the service serves at `/`. `npx vite --config
// web/vite.config.ts` serves it with hot reload against a service on :8080.
const root = fileURLToPath(new URL('.', import.meta.url));
const api = { target: 'http://localhost:8080', changeOrigin: false };

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2500, sourcemap: false },
  server: { proxy: { '/api': api, '/open311': api, '/healthz': api } },
});
