import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { minifyHtmlTemplates } from './build/minify-html.js';

/**
 * One self-contained ES module per entry (Lit bundled, no shared chunks, no imports left), so the
 * signing server can serve each file alone. Rolldown would split shared code into chunks when given
 * several inputs, hence one build per entry, chosen with `--mode`.
 */
const ENTRIES = {
  'lianlian-checkout': 'src/define/lianlian-checkout.ts',
  'lianlian-order-status': 'src/define/lianlian-order-status.ts',
  'lianlian-elements': 'src/define/lianlian-elements.ts',
} as const;

/**
 * Property names the minifier may shorten (42 B gzip of the checkout file): ours alone, used only
 * inside one bundle, never part of the elements' API, Lit's, the DOM's or an event's `detail`
 * (`retryable`, `code`, `message`… stay). Each file is built alone, so renaming is consistent. A
 * name missing here only costs bytes; a public one listed here would break, so list with care.
 */
const INTERNAL_PROPERTIES = /^(catalogues|attributeRules|extensions|failure|timeoutMs)$/;

function isEntry(mode: string): mode is keyof typeof ENTRIES {
  return Object.hasOwn(ENTRIES, mode);
}

/**
 * Squeezes comments and whitespace out of our `css` templates (minifiers leave template literals
 * alone). Conservative on purpose: runs of whitespace become one space, and the space next to
 * `{ } ; , :` goes. Our styles have no interpolations, so the template body is plain CSS.
 */
function minifyCss(): Plugin {
  return {
    name: 'lianlian-minify-css',
    transform(code, id) {
      if (!/\/widget\/src\/.*\.styles\.ts$/.test(id)) return null;
      // Only the insides of template literals change (no line moves much), so the old map stays usable.
      const minified = code.replace(/\bcss`([^`$]*)`/g, (_match, body: string) => {
        const out = body
          .replace(/\/\*[^]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/ ?([{};,]) ?/g, '$1')
          .replace(/([{;][\w-]+): /g, '$1:')
          .replace(/;}/g, '}')
          .replace(/([ :(,])0\./g, '$1.')
          .replace(/='([\w-]+)'\]/g, '=$1]');
        return `css\`${out.trim()}\``;
      });
      return { code: minified, map: null };
    },
  };
}

/**
 * Squeezes the layout whitespace out of our `html` templates, so they can be written one element
 * or attribute per line (the rule is in build/minify-html.ts). A maintained plugin was checked:
 * rollup-plugin-minify-html-literals is unmaintained since 2020 and its successor,
 * @lit-labs/rollup-plugin-minify-html-literals, brings html-minifier-terser and clean-css for what
 * one whitespace rule does here.
 */
function minifyHtml(): Plugin {
  return {
    name: 'lianlian-minify-html',
    transform(code, id) {
      if (!/\/widget\/src\/.*(?<!\.styles|\.test)\.ts$/.test(id) || !code.includes('html`')) return null;
      return { code: minifyHtmlTemplates(code), map: null };
    },
  };
}

export default defineConfig(({ mode }) => {
  if (!isEntry(mode)) throw new Error(`vite build --mode must be one of ${Object.keys(ENTRIES).join(', ')}; got "${mode}".`);
  return {
    plugins: [
      minifyCss(),
      minifyHtml(),
      {
        // Types for `import … from '…/dist/<entry>.js'`: tsc writes dist/lib (modules and their
        // declarations, for bundlers), this points at the entry's declarations there.
        name: 'lianlian-entry-types',
        generateBundle() {
          this.emitFile({ type: 'asset', fileName: `${mode}.d.ts`, source: `export * from './lib/define/${mode}.js';\n` });
        },
      },
    ],
    build: {
      // The first build of `pnpm build` empties dist; the others add to it.
      emptyOutDir: mode === 'lianlian-checkout',
      // Lib mode keeps whitespace and comments in ES output (to keep /*#__PURE__*/ for consumers'
      // bundlers); these files go to browsers as they are, so minify fully.
      // `comments: false` also drops the /* @__PURE__ */ annotations the minifier keeps by default:
      // each file registers its elements, so a bundler keeps it whole anyway; they cost 34 B gzip.
      // Unused message catalogues (enStatus in the checkout file) are spreads of plain objects:
      // reading their properties has no side effects, so they can go.
      rolldownOptions: {
        output: {
          minify: { compress: true, mangle: true, codegen: { removeWhitespace: true }, mangleProps: { include: INTERNAL_PROPERTIES } },
          comments: false,
        },
        treeshake: { propertyReadSideEffects: false },
      },
      sourcemap: true,
      reportCompressedSize: true,
      lib: { entry: ENTRIES[mode], formats: ['es'], fileName: () => `${mode}.js` },
    },
  };
});
