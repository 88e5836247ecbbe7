/**
 * One stop switch per run. Once a read has failed for good the run's result is decided, so nothing else of it
 * should keep a node busy: every request of the run listens to `signal` (fetches and retry sleeps are aborted), and
 * work not yet started is refused with the first failure, which is the one the user is shown.
 */
export interface RunStop {
  /** Aborted (with the first failure as its reason) once the run stopped. */
  readonly signal: AbortSignal;
  readonly stopped: boolean;
  /** Stops the run; only the first call counts, so the first failure is the one reported. */
  stop(failure: unknown): void;
  /** Throws the first failure when the run has stopped. */
  throwIfStopped(): void;
  /** Stops listening to the parent (a part of a run that is over), so a long run does not pile up listeners. */
  release(): void;
}

/** A run stop, also stopped (with the same failure) when `parent` is: a part of a run stops with the whole. */
export function createRunStop(parent?: AbortSignal): RunStop {
  const controller = new AbortController();
  const stop = (failure: unknown) => {
    if (!controller.signal.aborted) controller.abort(failure);
  };
  const onParentAbort = () => stop(parent?.reason);
  if (parent) {
    if (parent.aborted) stop(parent.reason);
    else parent.addEventListener("abort", onParentAbort, { once: true });
  }
  return {
    signal: controller.signal,
    get stopped() {
      return controller.signal.aborted;
    },
    stop,
    throwIfStopped() {
      if (controller.signal.aborted) throw controller.signal.reason;
    },
    release() {
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}

/** Waits `ms`, or rejects with the run's failure as soon as `signal` aborts (a retry sleep never outlives its run). */
export function sleepUnlessStopped(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
