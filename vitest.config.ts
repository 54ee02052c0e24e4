import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  plugins: [react()],
  define: { __STRIDE_VERSION__: JSON.stringify(version) },
  test: {
    globalSetup: ['test/setup/global-build.ts'],
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'test/shared/**/*.test.ts',
            'test/main/**/*.test.ts',
            'test/repo/**/*.test.ts',
            'test/fuzz/**/*.test.ts',
          ],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup/jsdom.ts'],
          // Interaction tests (user-event through whole views) take 1–3 s alone and several times that on a
          // loaded 2-core machine; the default 5 s made them fail for the load, not for the code.
          testTimeout: 30_000,
        },
      },
    ],
  },
});
