import type { RunScore } from '../metrics/score-run.js';
import { scoredTrials, type TrialOfRun } from './scored-trials.js';

/**
 * One line per trial: the raw output beside the parsed verdict and the expert labels, for reading
 * and re-analysis. Lines are produced one by one, so a large run is never one string in memory.
 */
export async function* judgmentsJsonlLines(score: RunScore): AsyncGenerator<string> {
  for await (const trial of scoredTrials(score)) yield judgmentJsonlLine(trial);
}

export function judgmentJsonlLine({ case: c, result, scored: t }: TrialOfRun): string {
  const j = result.judgment;
  return (
    JSON.stringify({
      case: c.uid,
      organ: c.organ,
      judge: result.judge,
      order: result.order,
      sample: result.sample,
      labels: c.labels,
      verdict: t.verdict,
      outcomes: t.outcomes,
      reason: t.reason,
      raw_output: j?.rawOutput ?? null,
      reasoning: j?.reasoning ?? null,
      input_tokens: j?.inputTokens ?? null,
      output_tokens: j?.outputTokens ?? null,
      latency_ms: j ? Math.round(j.latencyMs) : null,
      attempts: j?.attempts ?? null,
      error: j?.error ?? null,
    }) + '\n'
  );
}
