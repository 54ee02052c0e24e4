import { constants, promises as fs } from 'node:fs';

/** Error codes of readRegularFile besides the operating system's own (ENOENT, EACCES, …). */
export const NOT_REGULAR = 'ENOTREG';
export const TOO_BIG = 'EFBIG';

export class FileReadError extends Error {
  constructor(
    readonly code: typeof NOT_REGULAR | typeof TOO_BIG,
    message: string,
    readonly size: number = 0,
  ) {
    super(message);
    this.name = 'FileReadError';
  }
}

// O_NONBLOCK makes open() of a FIFO return at once instead of waiting for a writer (which would hold one of
// libuv's four file-system threads forever, and four such opens stall every file operation of the process).
// Regular files ignore it. Windows has no FIFOs on disk and no such flag.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a file that must be a regular file of at most `maxBytes`: the type and size are checked on the open
 * handle (no window for a swap between check and read) before any byte is read, and at most `maxBytes + 1`
 * bytes are read, so a file that grows meanwhile is still refused. FIFOs, devices, sockets and folders are
 * refused with NOT_REGULAR; oversized files with TOO_BIG (carrying the size).
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  const handle = await fs.open(path, OPEN_FLAGS);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      const what = stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a named pipe' : 'not a regular file';
      throw new FileReadError(NOT_REGULAR, `${path} is ${what}.`);
    }
    if (stat.size > maxBytes) throw new FileReadError(TOO_BIG, `${path} is too large.`, stat.size);
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw new FileReadError(TOO_BIG, `${path} is too large.`, length);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** True for an existing regular file (stat does not open, so a FIFO cannot block it). */
export async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isFile();
  } catch {
    return false;
  }
}
