const IS_H5 = process.env.TARO_ENV === 'h5';

/**
 * Saves text as a download in the browser (H5). A mini-program has no downloads folder: there
 * it answers false and the page shows the text and offers to copy it instead.
 */
export function downloadTextFile(fileName: string, text: string, mimeType = 'application/json'): boolean {
  if (!IS_H5 || typeof document === 'undefined') return false;
  const url = URL.createObjectURL(new Blob([text], { type: `${mimeType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return true;
}
