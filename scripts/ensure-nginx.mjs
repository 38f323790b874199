#!/usr/bin/env node
// Finds nginx for the topology test (packages/server/topology): NGINX_PATH, then Debian's
// /usr/sbin/nginx; otherwise installs Debian's package where apt-get exists (as
// ensure-chromium.mjs does for Chromium), or says how to get one. The test runs nginx as its own
// process with its own prefix and configuration; the system service is never used (Debian's
// container images also forbid the package from starting it, through policy-rc.d).
import { existsSync } from 'node:fs';
import { ensureTool } from './ensure-tool.mjs';

export function findNginx() {
  const fromEnv = process.env.NGINX_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'].find((p) => existsSync(p));
}

ensureTool({
  tool: 'nginx',
  find: findNginx,
  packages: ['nginx'],
  missing: 'No nginx found. Install one (Debian/Ubuntu: apt-get install nginx; macOS: brew install nginx) or set NGINX_PATH.',
});
