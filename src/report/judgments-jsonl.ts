import type { RunScore } from '../metrics/score-run.js';

/** One line per trial: the raw output beside the parsed verdict and the expert labels, for reading and re-analysis. */
export function judgmentsJsonl(score: RunScore): string {
  const byUid = new Map(score.cases.map((c) => [c.uid, c]));
  return score.scored
    .map((t) => {
      const j = t.result.judgment;
      return JSON.stringify({
        case: t.caseUid,
        organ: t.organ,
        judge: t.judge,
        order: t.order,
        sample: t.sample,
        labels: byUid.get(t.caseUid)?.labels,
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
      });
    })
    .map((line) => line + '\n')
    .join('');
}
