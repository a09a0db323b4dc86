import type { RunPlan } from '../runner/plan-run.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const dollars = (n: number | null) => (n === null ? 'no price' : `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`);

/** A run's plan as a table a user reads before paying for it. */
export function formatPlan(plan: RunPlan): string {
  const rows = plan.judges.map((j) => [j.judge, int(j.trials), int(j.reused), int(j.requests), int(j.inputTokens), int(j.outputTokens), dollars(j.cost), dollars(j.maxCost)]);
  const header = ['judge', 'trials', 'in store', 'requests', 'input tokens', 'output tokens', 'cost (est.)', 'cost (max tokens)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const priced = plan.judges.filter((j) => j.cost !== null);
  const total = priced.reduce((s, j) => s + j.cost!, 0);
  const totalMax = priced.reduce((s, j) => s + j.maxCost!, 0);
  return [
    `plan for ${plan.runId}: ${plan.cases} cases; nothing is sent`,
    '',
    line(header),
    ...rows.map(line),
    '',
    `requests to send: ${int(plan.judges.reduce((s, j) => s + j.requests, 0))}`,
    priced.length > 0 ? `estimated cost: ${dollars(total)} (at most ${dollars(totalMax)} if every answer used all of max tokens)` : 'no prices given: pass --price-input and --price-output (dollars per million tokens) to see cost',
    'Token counts are estimates: about 4 characters per token and 1,200 tokens per image; the run reports what the API counted.',
    '',
  ].join('\n');
}
