import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API serves this build at /admin/ and answers /api/v1 on the same origin;
// in development Vite forwards /api to a locally running API.
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
