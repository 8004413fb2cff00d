/** Saves files through the browser's download: text, blobs and prepared exports. */
import type { ExportedFile } from '../core/export/heuristicFile.ts';

/** Saves `blob` as a file named `name`. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Saves `text` as a file named `name` through the browser's download. */
export function downloadText(name: string, text: string, type = 'application/json'): void {
  downloadBlob(name, new Blob([text], { type }));
}

/** Saves an export built in core (heuristic file, mechanism module, CSV, report). */
export function downloadFile(file: ExportedFile): void {
  downloadText(file.name, file.text, `${file.type};charset=utf-8`);
}

/** Builds an export and saves it; returns null, or the message of what stopped the build, for the user. */
export function saveExport(build: () => ExportedFile): string | null {
  try {
    downloadFile(build());
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
