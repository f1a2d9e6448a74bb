/** Errors of the API client, typed by what the caller can do about them. */

/** The API refused the request for good (bad request, bad key, business error): do not retry. */
export class RejectedError extends Error {
  readonly status?: number;
  constructor(message: string, status?: number) {
    super(message);
    this.name = "RejectedError";
    this.status = status;
  }
}

/**
 * A create whose outcome is unknown: the request may have reached the API and a task may exist (and be
 * billed). Resubmitting could pay twice, so the task fails with this message instead.
 */
export class AmbiguousCreateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AmbiguousCreateError";
  }
}

/** The create was never sent (no connection, or the run stopped first): nothing exists, nothing is billed. */
export class NotSentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotSentError";
  }
}

/** A failure worth trying again later (network, 429, 5xx, malformed body) after the retries ran out. */
export class TransientError extends Error {
  readonly status?: number;
  constructor(message: string, status?: number) {
    super(message);
    this.name = "TransientError";
    this.status = status;
  }
}

/** The task id is unknown to the API (404 on poll): expired after a day, or never existed. */
export class UnknownTaskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnknownTaskError";
  }
}
