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
