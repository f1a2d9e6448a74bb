import { redact } from "../secrets.ts";

/** A line the runner would read as a workflow command: `::` at its start, or the legacy `##[` anywhere. */
const commandLike = /^[ \t]*::|##\[/;

/**
 * Text for the terminal: secrets redacted, control characters (an escape sequence in an API error could
 * move the cursor, retitle the window or hide text) shown as `?`, and a line that a workflow runner would
 * read as a command (the command run inside a CI step) indented so it cannot be one.
 */
export function terminalText(text: string): string {
  return redact(text)
    .replace(/\r\n?/g, "\n")
    .replace(/(?![\n\t])\p{Cc}/gu, "?")
    .split("\n")
    .map((line) => (commandLike.test(line) ? `| ${line}` : line))
    .join("\n");
}
