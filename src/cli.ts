#!/usr/bin/env node
/**
 * The `genmedia` command: the action's plan, run and ledger on a laptop (design 11). This file only turns
 * the command line into a subcommand and every error into an exit code; src/cli/ holds the rest.
 */
import { planCommand, resumeCommand, runCommand, simulatorCommand } from "./cli/commands.ts";
import { parseCommandLine, UsageError, usage } from "./cli/options.ts";
import { terminalText } from "./cli/terminal-text.ts";
import { ConfigError } from "./errors.ts";

const io = { stdout: process.stdout, stderr: process.stderr };

async function main(args: readonly string[]): Promise<number> {
  try {
    const parsed = parseCommandLine(args);
    if (parsed.help || parsed.command === "help") {
      io.stdout.write(usage);
      return 0;
    }
    switch (parsed.command) {
      case "plan":
        return await planCommand(parsed, io);
      case "run":
        return await runCommand(parsed, io);
      case "resume":
        return await resumeCommand(parsed, io);
      case "simulator":
        return await simulatorCommand(parsed, io);
      default:
        throw new UsageError(
          `unknown command "${parsed.command}"; the commands are plan, run, resume and simulator`,
        );
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr.write(`genmedia: ${terminalText(error.message)}\n`);
      if (error instanceof UsageError) io.stderr.write("Run genmedia --help for the commands and options.\n");
      return 2;
    }
    io.stderr.write(
      `genmedia failed unexpectedly: ${terminalText((error as Error).stack ?? String(error))}\n`,
    );
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
