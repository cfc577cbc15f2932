// One line a user can act on for a failed file operation: the path and the cause in words,
// never a stack trace.
const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'the folder does not exist (was it removed?)',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  EEXIST: 'it already exists',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

export function fsErrorCause(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return CAUSES[code] ? `${CAUSES[code]} (${code})` : code;
  return error instanceof Error ? error.message : String(error);
}

/** "cannot write /runs/x/run.json: no space left on the device (ENOSPC)" */
export function describeFsError(action: string, file: string, error: unknown): string {
  return `cannot ${action} ${file}: ${fsErrorCause(error)}`;
}

/** An I/O failure already described for the user; callers print its message as is. */
export class FileWriteError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
    action = 'write',
  ) {
    super(describeFsError(action, file, cause));
    this.name = 'FileWriteError';
  }
}
