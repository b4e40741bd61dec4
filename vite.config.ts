import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * PDF.js decodes fax images (CCITT, JBIG2) and JPEG 2000 with WebAssembly modules that it loads by
 * name from `wasmUrl`: they are copied as they are to pdfjs/wasm/ beside the bundle (the JavaScript
 * fallbacks too). QuickJS (PDF scripting) is left out: PDFs' scripts never run here.
 */
function pdfjsWasm(): Plugin {
  const dir = join(import.meta.dirname, 'node_modules', 'pdfjs-dist', 'wasm');
  return {
    name: 'kartoteka-pdfjs-wasm',
    generateBundle() {
      for (const file of readdirSync(dir)) {
        if (file.startsWith('quickjs')) continue;
        this.emitFile({ type: 'asset', fileName: `pdfjs/wasm/${file}`, source: readFileSync(join(dir, file)) });
      }
    },
  };
}

// The renderer is built once and served two ways: by Electron's app:// protocol and by the host.
// base './' keeps asset URLs relative so both work.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react(), pdfjsWasm()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, target: 'es2023', sourcemap: true },
});
