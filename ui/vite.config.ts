import { defineConfig } from "vite";

// The window loads the built files from the binary; no dev server, no remote content.
export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
  },
  oxc: {
    jsx: { runtime: "automatic", importSource: "preact" },
  },
});
