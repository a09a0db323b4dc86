/** How far a build step has got: shown as a bar on a terminal, as plain lines elsewhere. */
export interface StepProgress {
  readonly step: string;
  readonly done: number;
  readonly total: number;
  /** Work found already done in the store and not repeated. */
  readonly reused: number;
  readonly failed: number;
}

export type ProgressListener = (progress: StepProgress) => void;

/** A counter that reports itself on every change. */
export function progressCounter(step: string, total: number, listener: ProgressListener | undefined) {
  const state = { step, done: 0, total, reused: 0, failed: 0 };
  const emit = () => listener?.({ ...state });
  emit();
  return {
    reused(n = 1) {
      state.reused += n;
      state.done += n;
      emit();
    },
    done(n = 1) {
      state.done += n;
      emit();
    },
    failed(n = 1) {
      state.failed += n;
      state.done += n;
      emit();
    },
  };
}
