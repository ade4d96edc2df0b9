/** Console conventions: colour only on a TTY (and never with NO_COLOR), `--quiet` silences notes. */
import { writeFileSync } from "node:fs";

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

const useColour = (stream: NodeJS.WriteStream) => Boolean(stream.isTTY) && !process.env.NO_COLOR;
const paint = (code: number, text: string, stream: NodeJS.WriteStream) => (useColour(stream) ? `\u001b[${code}m${text}\u001b[0m` : text);

export interface Console {
  quiet: boolean;
  error(message: string): void;
  warning(message: string): void;
  note(message: string): void;
  result(text: string): void;
}

export function createConsole(quiet: boolean): Console {
  return {
    quiet,
    error: (message) => process.stderr.write(`${paint(31, "error", process.stderr)}: ${message}\n`),
    warning: (message) => process.stderr.write(`${paint(33, "warning", process.stderr)}: ${message}\n`),
    note: (message) => {
      if (!quiet) process.stderr.write(`${message}\n`);
    },
    result: (text) => process.stdout.write(text),
  };
}

/** Writes to a file when `path` is given, else to stdout. */
export function emit(out: Console, text: string, path: string | undefined) {
  if (path) writeFileSync(path, text);
  else out.result(text);
}
