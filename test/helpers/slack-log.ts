import { type Logger, LogLevel } from '@slack/bolt';

export interface CapturedSlackLog extends Logger {
  /** Every line the Slack client logged, as `level: text`, in order. */
  readonly lines: string[];
  /** The lines logged at `error`. */
  errors(): string[];
}

/**
 * A Slack `Logger` (Web API client, Bolt, Socket Mode) that keeps what it is given instead of
 * printing it: tests that provoke errors on purpose assert on these lines, and a passing run's
 * output shows no error text that is not a failure.
 */
export function captureSlackLog(): CapturedSlackLog {
  const lines: string[] = [];
  let level = LogLevel.DEBUG;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? `${m.name}: ${m.message}` : String(m))).join(' ');
  const keep =
    (name: string) =>
    (...msg: unknown[]) =>
      void lines.push(`${name}: ${text(msg)}`);
  return {
    lines,
    errors: () => lines.filter((l) => l.startsWith('error: ')),
    debug: keep('debug'),
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
