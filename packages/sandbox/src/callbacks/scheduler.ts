/**
 * Runs `task` after `ms` milliseconds and returns a function that cancels it. The notifier takes
 * one so that tests can fire its retries and answer timeouts themselves instead of waiting.
 */
export type Scheduler = (task: () => void, ms: number) => () => void;

/** The real clock: `setTimeout`, cancelled with `clearTimeout`. */
export const realTimers: Scheduler = (task, ms) => {
  const timer = setTimeout(task, ms);
  return () => clearTimeout(timer);
};
