/** Console conventions: colour only on a TTY (and never with NO_COLOR), `--quiet` silences notes, `--json` makes failures JSON. */
import { writeText } from "./files.js";

/** Every exit code the CLI uses; `pareto --help` describes each. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, upload: 3, deployFailed: 4, handlerFailed: 5, internal: 70 } as const;

const useColour = (stream: NodeJS.WriteStream) => Boolean(stream.isTTY) && !process.env.NO_COLOR;
const paint = (code: number, text: string, stream: NodeJS.WriteStream) => (useColour(stream) ? `\u001b[${code}m${text}\u001b[0m` : text);

export interface Console {
  quiet: boolean;
  error(message: string): void;
  warning(message: string): void;
  note(message: string): void;
  result(text: string): void;
  /** The errors (and warnings) that end a run: one per line on stderr, or one JSON object on stdout with --json. */
  failure(errors: string[], warnings?: string[]): void;
}

export function createConsole({ quiet, json }: { quiet: boolean; json: boolean }): Console {
  const out: Console = {
    quiet,
    error: (message) => process.stderr.write(`${paint(31, "error", process.stderr)}: ${message}\n`),
    warning: (message) => process.stderr.write(`${paint(33, "warning", process.stderr)}: ${message}\n`),
    note: (message) => {
      if (!quiet) process.stderr.write(`${message}\n`);
    },
    result: (text) => process.stdout.write(text),
    failure: (errors, warnings = []) => {
      if (json) out.result(`${JSON.stringify({ ok: false, errors, warnings }, null, 2)}\n`);
      else {
        warnings.forEach(out.warning);
        errors.forEach(out.error);
      }
    },
  };
  return out;
}

/** Writes to a file when `path` is given, else to stdout. */
export function emit(out: Console, text: string, path: string | undefined) {
  if (path) writeText(path, text);
  else out.result(text);
}

/** An AWS call's failure (configuration, credentials, permissions, throttling, a service error), said plainly: `deploy: AccessDenied: ...`. */
export const awsFailure = (command: string, error: Error) =>
  `${command}: ${error.name === "Error" ? "" : `${error.name}: `}${error.message}`;
