/**
 * Puts one file in place from a URL: streamed to `<file>.part`, resumed with
 * an HTTP Range request, verified against the size and SHA-256 where known,
 * and renamed into place only when complete.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** Thrown for any failure the user should read as one line (network, 404, mismatch). */
export class FetchModelError extends Error {
  override readonly name = 'FetchModelError';

  constructor(
    message: string,
    /** The HTTP status when the server answered with an error. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A file to have in place: where from, where to, and what it must be if known. */
export interface FileRequest {
  readonly url: string;
  readonly path: string;
  readonly bytes?: number;
  readonly sha256?: string;
}

/** A complete file on disk with its size and SHA-256. */
export interface VerifiedFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface FileOutcome {
  readonly file: VerifiedFile;
  /** Bytes transferred in this run; 0 when the file was already there. */
  readonly transferred: number;
  readonly alreadyThere: boolean;
}

/**
 * Ensures `request.path` holds the complete file: keeps a present file whose
 * size and hash match what is known (from the request, or else `previous`,
 * e.g. an earlier manifest), otherwise downloads it, resuming a `.part`.
 */
export async function ensureFile(
  request: FileRequest,
  previous?: Omit<VerifiedFile, 'path'>,
): Promise<FileOutcome> {
  const { path } = request;
  const present = await sizeOf(path);
  const bytesKnown = request.bytes ?? previous?.bytes;
  if (present !== undefined && (bytesKnown === undefined || present === bytesKnown)) {
    const sha256 = await sha256Of(path);
    const shaKnown = request.sha256 ?? previous?.sha256;
    if (shaKnown === undefined || sha256 === shaKnown) {
      return { file: { path, bytes: present, sha256 }, transferred: 0, alreadyThere: true };
    }
  }
  if (present !== undefined) await rm(path);
  await mkdir(dirname(path), { recursive: true });
  const part = `${path}.part`;
  const { transferred, total } = await downloadPart(request.url, part);
  const bytes = (await sizeOf(part)) ?? 0;
  const wanted = request.bytes ?? total;
  if (wanted !== undefined && bytes !== wanted) {
    await rm(part, { force: true });
    throw new FetchModelError(
      `${path}: size mismatch, expected ${wanted} bytes, got ${bytes}; deleted the partial file`,
    );
  }
  const sha256 = await sha256Of(part);
  if (request.sha256 !== undefined && sha256 !== request.sha256) {
    await rm(part, { force: true });
    throw new FetchModelError(
      `${path}: SHA-256 mismatch, expected ${request.sha256}, got ${sha256}; deleted the partial file`,
    );
  }
  await rename(part, path);
  return { file: { path, bytes, sha256 }, transferred, alreadyThere: false };
}

/**
 * Streams `url` into `part`, continuing an existing part with a Range request.
 * A server that ignores the range (200) gets a fresh start. Returns the bytes
 * transferred and the full size if the server said.
 */
async function downloadPart(url: string, part: string): Promise<{ transferred: number; total?: number }> {
  let offset = (await sizeOf(part)) ?? 0;
  let response = await request(url, offset);
  if (response.status === 416 && offset > 0) {
    // The part does not fit the file on the server (it changed or the part is too long).
    await rm(part);
    offset = 0;
    response = await request(url, 0);
  }
  if (response.status === 404) throw new FetchModelError(`not found (HTTP 404): ${url}`, 404);
  if (!response.ok || !response.body) {
    throw new FetchModelError(`HTTP ${response.status} ${response.statusText}: ${url}`, response.status);
  }
  const range = response.status === 206 ? contentRange(response) : undefined;
  if (response.status === 206 && range?.start !== offset) {
    throw new FetchModelError(`${url}: server answered a range that does not start at ${offset}`);
  }
  const start = range ? offset : 0;
  const length = Number(response.headers.get('content-length') ?? NaN);
  const total = range?.total ?? (Number.isFinite(length) ? start + length : undefined);
  const file = await open(part, range ? 'a' : 'w');
  const reader = response.body.getReader();
  const progress = new Progress(part, start, total);
  let transferred = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await file.write(value);
      transferred += value.byteLength;
      progress.update(start + transferred);
    }
  } catch (error) {
    throw new FetchModelError(
      `connection lost after ${start + transferred} of ${total ?? '?'} bytes of ${url} ` +
        `(${causeOf(error)}); run the same command again to resume`,
    );
  } finally {
    progress.end();
    await file.close();
  }
  return { transferred, total };
}

async function request(url: string, offset: number): Promise<Response> {
  try {
    return await fetch(url, { headers: offset > 0 ? { Range: `bytes=${offset}-` } : {} });
  } catch (error) {
    throw new FetchModelError(`cannot reach ${url} (${causeOf(error)})`);
  }
}

function contentRange(response: Response): { start: number; total?: number } | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[2] === '*' ? undefined : Number(match[2]) };
}

/** Rewrites one status line on a terminal; prints nothing when output is piped. */
class Progress {
  private shown = -1;
  constructor(
    private readonly name: string,
    start: number,
    private readonly total: number | undefined,
  ) {
    this.update(start);
  }
  update(bytes: number): void {
    if (!process.stdout.isTTY || !this.total) return;
    const percent = Math.floor((100 * bytes) / this.total);
    if (percent === this.shown) return;
    this.shown = percent;
    process.stdout.write(`\r  ${percent}% of ${formatBytes(this.total)} ${basename(this.name)}`);
  }
  end(): void {
    if (this.shown >= 0) process.stdout.write('\r\x1b[K');
  }
}

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
