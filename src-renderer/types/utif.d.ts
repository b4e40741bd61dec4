// The part of UTIF.js (photopea's TIFF decoder; no types of its own) that the fax viewer uses.
declare module 'utif' {
  export interface Ifd {
    width: number;
    height: number;
    [tag: string]: unknown;
  }
  export function decode(buffer: ArrayBuffer | Uint8Array): Ifd[];
  export function decodeImage(buffer: ArrayBuffer | Uint8Array, ifd: Ifd): void;
  export function toRGBA8(ifd: Ifd): Uint8Array;
  const UTIF: { decode: typeof decode; decodeImage: typeof decodeImage; toRGBA8: typeof toRGBA8 };
  export default UTIF;
}
