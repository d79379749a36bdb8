import { statSync } from 'node:fs';

/** A problem with an input file: always names the file and what was expected, so a user can fix it. */
export class DataError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'DataError';
  }
}

/**
 * Throw a DataError unless `file` is a regular file. Why: reading a FIFO blocks forever (measured: a FIFO given as a
 * data file hung the run), and a directory gives EISDIR deep inside a parser.
 */
export function requireRegularFile(file: string, what = 'a data file'): void {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(file, code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? (e as Error).message})`);
  }
  if (!st.isFile()) {
    const kind = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO (named pipe)' : st.isSocket() ? 'a socket' : 'not a regular file';
    throw new DataError(file, `is ${kind}; expected ${what} (a regular file)`);
  }
}
