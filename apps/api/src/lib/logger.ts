/**
 * Structured JSON logs, one object a line, with the request id. Nothing personal or secret is
 * logged: no bodies, no cookies, no tokens, no email addresses; users by id.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  log(level: Level, message: string, fields?: Record<string, unknown>): void;
}

/** A logger writing JSON lines to `write` (stdout by default) at or above `level`. */
export function createLogger(
  level: Level | 'silent',
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  return {
    log(at, message, fields = {}) {
      if (ORDER[at] < ORDER[level]) return;
      write(JSON.stringify({ time: new Date().toISOString(), level: at, message, ...fields }));
    },
  };
}
