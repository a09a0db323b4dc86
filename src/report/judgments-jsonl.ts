import { scoreTrial } from '../metrics/outcome.js';
import type { RunScore } from '../metrics/score-run.js';

/**
 * One line per trial: the raw output beside the parsed verdict and the expert labels, for reading
 * and re-analysis. Lines are produced one by one, so a large run is never one string in memory.
 */
export function* judgmentsJsonlLines(score: RunScore): Generator<string> {
  const byUid = new Map(score.cases.map((c) => [c.uid, c]));
  for (const result of score.results) {
    const c = byUid.get(result.caseUid);
    if (!c) continue;
    const t = scoreTrial(c, result, score.parser, score.modes.get(result.judge));
    const j = result.judgment;
    yield (
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
}
