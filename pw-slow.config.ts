import base from './playwright.config.ts';
import { defineConfig } from '@playwright/test';
// The shared machine runs at load 20+: longer timeouts for a local run only (not committed).
export default defineConfig({ ...base, testDir: '/work/wt/where-ui/e2e', globalSetup: '/work/wt/where-ui/e2e/global-setup.ts', outputDir: '/work/wt/where-ui/test-results', timeout: 180_000, expect: { timeout: 40_000 } });
