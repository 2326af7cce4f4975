// Saves a file from one of the extension's pages (the ledger export, a policy) as a download.
export function download(fileName: string, parts: BlobPart[], type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the object URL is no longer needed once it returns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
