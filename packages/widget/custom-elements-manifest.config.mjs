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
            // `static properties` entries with `state: true` (internal state) are read as attributes.
            const internal = new Set((declaration.members ?? []).filter((m) => m.privacy === 'private').map((m) => m.name));
            if (declaration.attributes) declaration.attributes = declaration.attributes.filter((a) => !internal.has(a.fieldName));
            for (const member of declaration.members ?? []) if (internal.has(member.name)) delete member.attribute;
          }
        }
      },
    },
  ],
};
