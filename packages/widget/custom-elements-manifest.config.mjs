// Custom Elements Manifest settings for `custom-elements-manifest analyze` (run by `pnpm build`).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  litelement: true,
  plugins: [
    {
      // The analyzer also lists each `dispatchEvent(new SomeEvent(…))` as a nameless event; the
      // named entries come from the classes' @fires tags, so the nameless duplicates go.
      name: 'lianlian-drop-nameless-events',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
          }
        }
      },
    },
  ],
};
