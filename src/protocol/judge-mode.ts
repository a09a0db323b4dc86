/**
 * How a judge reaches a verdict, which decides how its stored output is read:
 * - `pairwise`: one request shows both answers and asks which is better per dimension (the paper);
 * - `pointwise`: one request per answer rates it 1-10 per dimension; the higher rating wins;
 * - `reward`: a scalar reward model scores each answer once; the higher reward wins on every dimension.
 */
export const JUDGE_MODES = ['pairwise', 'pointwise', 'reward'] as const;
export type JudgeMode = (typeof JUDGE_MODES)[number];

/** A reward model's one number per answer is one preference, compared with each dimension's label. */
export function isSingleScore(mode: JudgeMode): boolean {
  return mode === 'reward';
}

/**
 * Whether position figures (swap consistency, first-slot rate) measure anything: only a judge
 * shown both answers at once has a first slot. A pointwise or reward judge scores each answer
 * alone, so both orders are the same requests and the figures follow from the labels alone.
 */
export function positionApplies(mode: JudgeMode): boolean {
  return mode === 'pairwise';
}

/** Reads the mode recorded in a judge's stored settings; runs from before modes existed are pairwise. */
export function modeOfSettings(settings: Readonly<Record<string, unknown>> | undefined): JudgeMode {
  const mode = settings?.mode;
  return mode === 'pointwise' || mode === 'reward' ? mode : 'pairwise';
}
