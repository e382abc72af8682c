import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API serves this build at /admin/ and answers /api/v1 on the same origin;
// in development Vite forwards /api to a locally running API.
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd with its rc-* components is ~890 kB minified (~280 kB gzip) in its own long-cached chunk.
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        // Libraries change far less often than the console: separate chunks keep them cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/, priority: 20 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+)[\\/]/, priority: 10 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 0 },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
