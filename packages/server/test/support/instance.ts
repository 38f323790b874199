/**
 * A signing-server process for the multi-instance tests (started by cluster.ts): the app as
 * app-server.ts builds it, logging warnings and errors to stderr for the test's report.
 */
import { runInstance } from './app-server.js';

await runInstance({ logDestination: 2 });
