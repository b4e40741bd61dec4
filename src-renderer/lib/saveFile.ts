/**
 * Saves text as a file through a download link (the same in Electron and in a browser); the data
 * already starts with the BOM the engine wrote, so the blob is written byte for byte.
 */
export function saveTextFile(fileName: string, text: string, mime: string): void {
  const blob = new Blob([text], { type: mime });
  // jsdom (component tests) has no object URLs; a data URL carries the same bytes.
  const url = typeof URL.createObjectURL === 'function' ? URL.createObjectURL(blob) : `data:${mime},${encodeURIComponent(text)}`;
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    if (url.startsWith('blob:')) setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** Saves bytes (an attachment) as a file, the same way. */
export function saveBytesFile(fileName: string, bytes: Uint8Array, mime: string): void {
  const blob = new Blob([bytes.slice().buffer], { type: mime });
  const url = typeof URL.createObjectURL === 'function' ? URL.createObjectURL(blob) : `data:${mime};base64,${bytesToBase64(bytes)}`;
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    if (url.startsWith('blob:')) setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
