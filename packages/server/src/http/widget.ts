import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { NotFoundError } from '../errors.js';

/** Flat file names only: no path separators, no dot files, so nothing outside `dist` is reachable. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:js|mjs|map|json|css)$/;
/** Unversioned URLs cache a day (then revalidate by ETag) so a new release arrives; `?v=<version>` URLs never change: a year, immutable. */
const VERSIONED = 'public, max-age=31536000, immutable';
const UNVERSIONED = 'public, max-age=86400';

/** The widget package's `dist`, found through its package.json export (never a relative path). */
/** Works in a fresh clone, where pnpm is not installed: the workspace's pinned pnpm through npx. */
export const BUILD_WIDGET = 'npx -y pnpm@10.34.9 --filter @lianlian-checkout/widget build';

export function defaultWidgetDist(): string {
  const specifier = '@lianlian-checkout/widget/package.json';
  let pkg: string;
  try {
    pkg = fileURLToPath(import.meta.resolve(specifier));
  } catch {
    pkg = createRequire(import.meta.url).resolve(specifier);
  }
  return join(dirname(pkg), 'dist');
}

export function widgetRouter(deps: Pick<AppDeps, 'widgetDistDir'>): Router {
  const router = Router();
  const dir = deps.widgetDistDir ?? defaultWidgetDist();
  router.get('/widget/:file', (req, res, next) => {
    const file = req.params.file;
    const path = join(dir, file);
    if (!SAFE_NAME.test(file) || !existsSync(path)) {
      if (!existsSync(join(dir, 'lianlian-checkout.js'))) {
        throw new NotFoundError('widget_not_built', `The widget has not been built, so there is nothing to serve. In the workspace, run \`${BUILD_WIDGET}\`; the next request serves it, no restart needed.`);
      }
      throw new NotFoundError('not_found', `No widget file "${file.slice(0, 64)}". The element is /widget/lianlian-checkout.js.`);
    }
    res.set({
      'Cache-Control': typeof req.query.v === 'string' ? VERSIONED : UNVERSIONED,
      // Module scripts load in CORS mode from the shop's origin; the file is public.
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    res.sendFile(path, { cacheControl: false, etag: true, lastModified: true, dotfiles: 'deny' }, (err) => {
      if (err) next(err);
    });
  });
  return router;
}
