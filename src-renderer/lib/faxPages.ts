// A fax's pages on screen, from the bytes stored with it: PDF through PDF.js (its worker and its
// WebAssembly image decoders served from the app; no font loading, no eval of JavaScript) and TIFF, CCITT group 3/4 as fax
// machines and fax servers write it, through UTIF.js. Both load only when a fax is opened.
import pdfWorkerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

export interface FaxDocument {
  pageCount: number;
  /** Draws page `index` (from 0) into the canvas at `scale` (1 = the page's own size in CSS pixels). */
  render(index: number, canvas: HTMLCanvasElement, scale: number): Promise<void>;
  close(): void;
}

export type FaxFormat = 'pdf' | 'tiff';

/** The format from the file's first bytes (the stored MIME type may say anything). */
export function faxFormatOf(bytes: Uint8Array): FaxFormat | null {
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'pdf';
  if ((bytes[0] === 0x49 && bytes[1] === 0x49 && bytes[2] === 0x2a && bytes[3] === 0) || (bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0 && bytes[3] === 0x2a)) return 'tiff';
  return null;
}

export async function openFax(bytes: Uint8Array): Promise<FaxDocument> {
  const format = faxFormatOf(bytes);
  if (format === 'pdf') return openPdf(bytes);
  if (format === 'tiff') return openTiff(bytes);
  throw new Error('not a PDF or TIFF document');
}

async function openPdf(bytes: Uint8Array): Promise<FaxDocument> {
  const pdfjs = await import('pdfjs-dist');
  pdfjs.GlobalWorkerOptions.workerSrc = pdfWorkerUrl;
  // PDF.js takes ownership of the buffer it is given: a copy keeps the caller's.
  const task = pdfjs.getDocument({
    data: bytes.slice(), disableFontFace: true, useSystemFonts: false, stopAtErrors: false, disableWorkerRendering: true,
    // Fax images (CCITT, JBIG2) are decoded by WebAssembly modules served beside the app (vite.config.ts).
    wasmUrl: new URL('pdfjs/wasm/', document.baseURI).href,
  });
  const doc = await task.promise;
  return {
    pageCount: doc.numPages,
    async render(index, canvas, scale) {
      const page = await doc.getPage(index + 1);
      const viewport = page.getViewport({ scale: scale * (96 / 72) });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      await page.render({ canvas, viewport }).promise;
    },
    close: () => void task.destroy(),
  };
}

async function openTiff(bytes: Uint8Array): Promise<FaxDocument> {
  const UTIF = (await import('utif')).default;
  const buffer = bytes.slice().buffer;
  const pages = UTIF.decode(buffer).filter((ifd) => ifd.t256 !== undefined);
  return {
    pageCount: pages.length,
    async render(index, canvas, scale) {
      const ifd = pages[index];
      if (!ifd) throw new Error(`no page ${index + 1}`);
      if (ifd.data === undefined) UTIF.decodeImage(buffer, ifd);
      const rgba = UTIF.toRGBA8(ifd);
      const source = document.createElement('canvas');
      source.width = ifd.width;
      source.height = ifd.height;
      const sourceContext = source.getContext('2d');
      if (!sourceContext) throw new Error('no 2D canvas');
      sourceContext.putImageData(new ImageData(new Uint8ClampedArray(rgba), ifd.width, ifd.height), 0, 0);
      // Fax resolutions differ across and down the page (204 × 98 or 196 dpi): drawn at the right aspect.
      const xRes = resolution(ifd.t282) ?? 204;
      const yRes = resolution(ifd.t283) ?? xRes;
      canvas.width = Math.floor(((ifd.width / xRes) * 96) * scale);
      canvas.height = Math.floor(((ifd.height / yRes) * 96) * scale);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2D canvas');
      context.imageSmoothingQuality = 'high';
      context.drawImage(source, 0, 0, canvas.width, canvas.height);
    },
    close: () => undefined,
  };
}

/** A TIFF RATIONAL resolution tag as UTIF reads it ([n] or [[num, den]]). */
function resolution(tag: unknown): number | null {
  const first = Array.isArray(tag) ? (tag[0] as unknown) : tag;
  const value = Array.isArray(first) ? Number(first[0]) / Number(first[1] || 1) : Number(first);
  return Number.isFinite(value) && value > 0 ? value : null;
}

/**
 * The pages of the documents picked for a fax (issue 17), counted as the entry view will show them;
 * null when one cannot be read (the operator types the count).
 */
export async function countFaxPages(files: readonly File[]): Promise<number | null> {
  let total = 0;
  for (const file of files) {
    try {
      const doc = await openFax(new Uint8Array(await file.arrayBuffer()));
      total += doc.pageCount;
      doc.close();
    } catch {
      return null;
    }
  }
  return files.length > 0 ? total : null;
}
