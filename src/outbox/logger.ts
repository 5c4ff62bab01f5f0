/** Structured logs: one JSON object per line, so a deployer can grep or ship them as they are. */
export type LogLevel = 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, event: string, fields?: Record<string, unknown>) => void;

export function jsonLogger(
  stream: NodeJS.WritableStream = process.stderr,
  clock: () => Date = () => new Date(),
): Logger {
  return (level, event, fields = {}) => {
    const clean: Record<string, unknown> = {};
    // Errors keep their stack: the message alone rarely says where it came from.
    for (const [k, v] of Object.entries(fields))
      clean[k] = v instanceof Error ? { message: v.message, stack: v.stack } : v;
    stream.write(`${JSON.stringify({ t: clock().toISOString(), level, event, ...clean })}\n`);
  };
}

export const silentLogger: Logger = () => {};
