import { farmColors } from '../../cli/colors';

/** Readable, prefixed progress output: `[farm]` for the loop, `[backend]` / `[frontend]` for the servers. */
export interface DevLog {
  info(message: string): void;
  ok(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** One line a server printed, under its own prefix. */
  server(name: string, line: string, stream: 'stdout' | 'stderr'): void;
}

export type LogSink = (line: string, stream: 'stdout' | 'stderr') => void;

type Color = 'cyan' | 'green' | 'yellow' | 'red' | 'magenta' | 'blue' | 'dim';

/**
 * `color` defaults to FARM's rule (cli/colors colorEnabled): NO_COLOR wins, FORCE_COLOR=0 means
 * off as in Node and chalk, else a TTY (https://no-color.org, https://force-color.org).
 */
export function createDevLog(options: { color?: boolean; sink?: LogSink } = {}): DevLog {
  const colors = farmColors(options.color);
  const sink: LogSink =
    options.sink ?? ((line, stream) => (stream === 'stderr' ? process.stderr : process.stdout).write(line + '\n'));
  const paint = (c: Color, text: string) => colors[c](text);
  const serverColor: Record<string, Color> = { backend: 'magenta', frontend: 'blue' };
  const farm = (c: Color, mark: string, message: string, stream: 'stdout' | 'stderr' = 'stdout') =>
    message
      .split('\n')
      .forEach((line, i) =>
        sink(`${paint(c, '[farm]')} ${i === 0 && mark ? paint(c, mark) + ' ' : ''}${line}`, stream),
      );
  return {
    info: (m) => farm('cyan', '', m),
    ok: (m) => farm('green', '✓', m),
    warn: (m) => farm('yellow', '!', m, 'stderr'),
    error: (m) => farm('red', '✗', m, 'stderr'),
    server: (name, line, stream) => sink(`${paint(serverColor[name] ?? 'dim', `[${name}]`)} ${line}`, stream),
  };
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
