/**
 * The action's main step: inputs, plan, run, deliver. Each stage is a module below; this file only wires
 * them, and turns every error into the step's failure (user mistakes without a stack).
 */
import { settingsFromInputs } from "./action-inputs.ts";
import { gitHubContextFromEnvironment } from "./deliver/github-context.ts";
import { deliverRecords, maxAnnotations, Outputs, type RunCost, State } from "./deliver/pipeline.ts";
import { renderPlan } from "./deliver/plan-report.ts";
import { renderRefusal } from "./deliver/summary.ts";
import { type EngineLog, type RunningRun, runEngine } from "./engine.ts";
import { ConfigError } from "./errors.ts";
import type { Pricing } from "./plan/estimate.ts";
import type { Settings } from "./plan/inputs.ts";
import { type PlanContext, planTasks } from "./plan/planner.ts";
import { filesToPublish } from "./plan/reference-plan.ts";
import type { Task } from "./plan/tasks.ts";
import type { Ledger } from "./run/ledger.ts";
import * as runner from "./runner-output.ts";
import { checkRun, priceTasks } from "./spending.ts";

const logger: EngineLog = {
  info: (line) => runner.info(line),
  debug: (line) => runner.debug(line),
  warning: (line) => runner.warning(line),
  group: (title, lines) => runner.group(title, lines),
};

/** The action: plan, run, record, deliver. Every error ends in the step's failure. */
export async function run(): Promise<void> {
  try {
    const settings = await settingsFromInputs();
    const tasks = planTasks(settings, planContext());
    const pricing = priceTasks(tasks, settings);
    // What the plan lets through unchecked is said before anything is sent, in the log and as annotations.
    for (const line of tasks.flatMap((task) => (task.selected ? (task.notices ?? []) : [])))
      runner.notice(line);
    if (settings.dryRun) {
      await reportPlan(tasks, settings, pricing);
      return;
    }
    await generate(tasks, settings, pricing);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems.slice(0, maxAnnotations)) {
        runner.error(
          problem.message,
          problem.location ? { file: problem.location.file, startLine: problem.location.line } : {},
        );
      }
      runner.setFailed(error.message);
      return;
    }
    runner.setFailed(`genmedia-action failed unexpectedly: ${(error as Error).stack ?? error}`);
  }
}

async function reportPlan(tasks: readonly Task[], settings: Settings, pricing?: Pricing): Promise<void> {
  const report = renderPlan(tasks, settings, pricing);
  runner.info(report);
  await runner.writeSummary(report);
  runner.setOutput(Outputs.succeeded, 0);
  runner.setOutput(Outputs.failed, 0);
  runner.setOutput(Outputs.pending, 0);
}

async function generate(tasks: readonly Task[], settings: Settings, pricing?: Pricing): Promise<void> {
  const started = Date.now();
  let ledger: Ledger | undefined;
  let cost: RunCost | undefined;
  let delivered = false;
  const deliver = async (stoppedBy?: string): Promise<void> => {
    if (delivered || !ledger) return;
    delivered = true;
    const notice = stoppedBy
      ? `The run was stopped by ${stoppedBy}; unfinished tasks are recorded as pending with their ids, and a re-run resumes them.`
      : undefined;
    await deliverRecords({
      ledger,
      settings,
      elapsedMs: Date.now() - started,
      notice,
      stopReason: stoppedBy ? `stopped by ${stoppedBy}` : undefined,
      cost,
      runner,
    });
  };
  let stoppedBy: string | undefined;
  const onStarted = (run: RunningRun): void => {
    ledger = run.ledger;
    runner.saveState(State.resultsFile, run.resultsFile);
    const stop = (signal: NodeJS.Signals): void => {
      if (stoppedBy) return;
      stoppedBy = signal;
      runner.warning(`Received ${signal}: stopping; every task id is recorded in results.json.`);
      run.stop(signal);
      // The runner kills the process 7.5 s after SIGINT. Whatever is still unwinding by then (a create
      // awaiting its answer), the record and the summary are written first.
      setTimeout(() => {
        void deliver(signal).finally(() => process.exit(1));
      }, 4_000).unref();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  };
  await runEngine(tasks, settings, {
    log: logger,
    started: onStarted,
    // Before results.json, the media branch and any request: a run over its limits leaves nothing behind.
    beforeRun: async (start) => {
      try {
        const checked = checkRun(tasks, settings, pricing, start);
        cost = checked.cost;
        if (cost) runner.info(cost.line);
        return checked.start;
      } catch (error) {
        // A refusal is a plan error (nothing was sent), and the job summary says so too: the step's log is
        // not where a reviewer looks first.
        if (error instanceof ConfigError) await runner.writeSummary(renderRefusal(error.problems));
        throw error;
      }
    },
    publishFiles: (planned) => publishFiles(planned, settings),
    earlierAttempt: async (name, layout, outputDir) => {
      const { restoreEarlierAttempt } = await import("./run/earlier-attempt.ts");
      return restoreEarlierAttempt(name, layout, outputDir);
    },
  });
  await deliver(stoppedBy);
  if (stoppedBy) process.exitCode = 1;
}

/** The `file:` references of the selected tasks, committed to the media branch before anything is sent. */
async function publishFiles(
  tasks: readonly Task[],
  settings: Settings,
): Promise<{ urls: Map<string, string> } | { problem: string }> {
  const files = filesToPublish(tasks);
  if (files.length === 0) return { urls: new Map() };
  const { publishReferenceFiles } = await import("./deliver/reference-files.ts");
  const published = await publishReferenceFiles(files, settings, gitHubContextFromEnvironment(), (line) =>
    runner.info(line),
  );
  if ("problem" in published) {
    runner.warning(
      `The files of file: references were not published (${published.problem}); the tasks that use them are not sent.`,
    );
  }
  return published;
}

/** What the plan needs to know of the repository: `file:` references need it public (design 9). */
function planContext(): PlanContext {
  const repository = gitHubContextFromEnvironment().payload.repository;
  const isPrivate = (repository as { private?: unknown } | undefined)?.private;
  return { repositoryPrivate: typeof isPrivate === "boolean" ? isPrivate : undefined };
}
