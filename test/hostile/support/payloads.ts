/**
 * What an attacker puts in text the action passes on (API errors, statuses, task ids, earlier records), and
 * how the runner and GitHub would read the action's output: the two halves of every sink test.
 */

/** The lines of text that try to become workflow commands, each carrying `marker`. */
function commandLines(marker: string): string[] {
  return [
    `before ::set-output name=${marker}::owned`,
    `::set-output name=${marker}::owned`,
    `  ::add-mask::${marker}`,
    `::warning title=${marker}::fake annotation`,
    `\r::error file=${marker}::fake error`,
    `##[set-output name=${marker};]owned`,
    `::stop-commands::${marker}`,
    `::save-state name=${marker}::owned`,
  ];
}

/** Text that tries to become workflow commands, each carrying `marker`. */
export function commandPayload(marker: string): string {
  return commandLines(marker).join("\n");
}

/** Text that tries to break out of a Markdown table cell or code span, carrying `marker`. */
export function markdownPayload(marker: string): string {
  return [
    `x\` | ${marker} |`,
    "",
    `# ${marker} heading`,
    `<img src="https://evil.example/${marker}.png"> <details open>`,
    `[${marker}](https://evil.example/phish) @octocat`,
    "```",
    `</details> <!-- genmedia-action:${marker} -->`,
  ].join("\n");
}

/**
 * The command lines the runner would act on in `stdout`: lines starting with `::` (after spaces) or holding
 * `##[`, except while `::stop-commands::<token>` is in force (until a line `::<token>::`). The runner splits
 * lines on \r as well as \n.
 */
export function liveCommands(stdout: string): string[] {
  const live: string[] = [];
  let stopToken: string | undefined;
  for (const raw of stdout.split(/\r\n|\r|\n/)) {
    const line = raw.trimStart();
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const stop = /^::stop-commands::(.*)$/.exec(line);
    if (stop) {
      stopToken = stop[1];
      continue;
    }
    if (line.startsWith("::") || line.includes("##[")) live.push(line);
  }
  return live;
}

/** Commands the action itself issues (through @actions/core, which escapes their text). */
const ownCommands = new Set([
  "debug",
  "group",
  "endgroup",
  "warning",
  "error",
  "notice",
  "add-mask",
  "stop-commands",
]);

/**
 * The live command lines in `stdout` that an attacker wrote: a command the action never issues, a line that
 * begins as one of the payload's lines does, or a legacy `##[…]` command naming a marker outside a line the
 * runner already read as a `::` command.
 */
export function injectedCommands(stdout: string, markers: readonly string[]): string[] {
  const payloads = markers.flatMap(commandLines).map((line) => line.trim());
  return liveCommands(stdout).filter((line) => {
    if (line.startsWith("::")) {
      const name = /^::([^\s:]+)/.exec(line)?.[1] ?? "";
      const resumeToken = /^[0-9a-f]{32}$/.test(name);
      if (!ownCommands.has(name) && !resumeToken) return true;
      return payloads.some((payload) => payload.startsWith("::") && line.startsWith(payload));
    }
    return markers.some((marker) => new RegExp(`##\\[[^\\]]*${marker}`).test(line));
  });
}

/** A Markdown line without its code spans, whose content is inert. */
export function outsideCodeSpans(line: string): string {
  return line.replace(/(`+)(?:(?!\1).)*?\1/g, "");
}

/**
 * Problems in rendered Markdown around `marker`: a line carrying the marker that is not a table row or a
 * list item of ours, or that has (outside code spans) raw HTML, a link, a heading or a live mention.
 */
export function markdownBreakouts(markdown: string, marker: string, columns: number): string[] {
  const problems: string[] = [];
  for (const line of markdown.split("\n")) {
    if (!line.includes(marker)) continue;
    const plain = outsideCodeSpans(line);
    // GFM splits a row on every unescaped pipe, inside code spans too.
    const cells = line.startsWith("| ") ? line.split(/(?<!\\)\|/).length - 2 : -1;
    const listItem = /^- \*\*[^*]+\*\* \(\w+\): /.test(line);
    if (!listItem && cells !== columns) problems.push(`not a ${columns}-cell row: ${line}`);
    if (/<[a-z!/]/i.test(plain)) problems.push(`raw HTML: ${line}`);
    if (/\]\(/.test(plain)) problems.push(`a link: ${line}`);
    if (/(^|\s)@[a-z]/i.test(plain)) problems.push(`a mention: ${line}`);
    if (/^\s*#/.test(line)) problems.push(`a heading: ${line}`);
  }
  return problems;
}
