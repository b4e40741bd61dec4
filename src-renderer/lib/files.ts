import type { FileUpload } from '../../src-shared/api/logging-inputs.js';
import { ApiError } from '../../src-shared/api/errors.js';
import { LIMITS } from '../../src-shared/limits.js';

/** Reads a picked file as base64 for the API (no Node in the renderer, so no fs paths either). */
export function readFileBase64(file: File): Promise<FileUpload> {
  if (file.size > LIMITS.attachmentBytes && !file.name.toLowerCase().endsWith('.eml')) {
    return Promise.reject(new ApiError('too_large', `${file.name} is larger than the attachment limit`));
  }
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => {
      const url = String(reader.result);
      const comma = url.indexOf(',');
      resolve({
        fileName: file.name,
        mimeType: file.type || 'application/octet-stream',
        contentBase64: comma >= 0 ? url.slice(comma + 1) : '',
      });
    };
    reader.readAsDataURL(file);
  });
}

export function readFilesBase64(files: readonly File[]): Promise<FileUpload[]> {
  return Promise.all(files.map(readFileBase64));
}

const FAX_TYPES = ['application/pdf', 'image/tiff'];
const FAX_EXT = /\.(pdf|tiff?)$/i;

export function isFaxDocument(file: File): boolean {
  return FAX_TYPES.includes(file.type) || FAX_EXT.test(file.name);
}
