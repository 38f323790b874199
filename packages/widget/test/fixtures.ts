// The widget specs' Playwright fixtures: import `test` and `expect` from here, not '@playwright/test'.
import { test as base } from '@playwright/test';
import { startFixtureServer } from './fixture-server.js';
import type { FixtureServer } from './fixture-server.js';

export { expect } from '@playwright/test';

export interface WidgetWorkerFixtures {
  /** The fixture server (built elements, pages, stand-in signing server and gateway), one per worker. */
  server: FixtureServer;
}

export const test = base.extend<object, WidgetWorkerFixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; it has none.
    async ({}, use) => {
      const server = await startFixtureServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
});
