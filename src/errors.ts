/** Where in a user's file a problem is, for a workflow annotation. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

export interface Problem {
  message: string;
  location?: SourceLocation;
}

/**
 * A mistake the user can fix (an input, a manifest, a model id). Reported as a plain message and
 * annotations, never with a stack trace.
 */
export class ConfigError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: string | Problem | readonly Problem[]) {
    const list: readonly Problem[] =
      typeof problems === "string"
        ? [{ message: problems }]
        : Array.isArray(problems)
          ? problems
          : [problems as Problem];
    super(
      list.length === 1
        ? (list[0]?.message ?? "invalid configuration")
        : `${list.length} problems:\n${list.map((p) => `  - ${p.message}`).join("\n")}`,
    );
    this.name = "ConfigError";
    this.problems = list;
  }
}

/** The first line of an error's message, trimmed and cut to `max` characters: enough for a log line. */
export function firstLineOf(error: unknown, max = 300): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = (message.split("\n")[0] ?? "").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
