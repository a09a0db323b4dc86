import { DIMENSIONS } from '../protocol/dimensions.js';
import type { Estimate } from '../metrics/bootstrap.js';
import { isSingleScore, positionApplies } from '../protocol/judge-mode.js';
import { html, raw, type Html } from './html-escape.js';
import { formatCost, NOT_APPLICABLE } from './markdown-summary.js';
import { dimensionSpec, judgeLabels, leaderboardSpec, organCasesSpec, organHeatmapSpec, positionSpec } from './report-charts.js';
import type { ReportModel } from './report-model.js';
import { REPORT_CSS } from './report-style.js';
import { renderSvg } from './render-svg.js';

const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)}%`);
const interval = (e: Estimate | null | undefined) =>
  e && Number.isFinite(e.low) ? html`<span class="ci">[${(100 * e.low).toFixed(1)}–${(100 * e.high).toFixed(1)}]</span>` : html``;
const thousands = (n: number) => n.toLocaleString('en-US');
const kappaWithInterval = (kappa: number | null, e: Estimate) =>
  kappa === null ? '–' : html`${kappa.toFixed(2)}${Number.isFinite(e.low) ? html`<br><span class="ci">[${e.low.toFixed(2)}–${e.high.toFixed(2)}]</span>` : ''}`;

// Nothing may be fetched or run: a report is read offline and may be mailed around.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Vega numbers its gradients and clip paths from 0 in every SVG; inlined together, their ids would collide. */
function scopeIds(svg: string, scope: string): string {
  return svg.replace(/\bid="([^"]+)"/g, `id="${scope}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${scope}-$1)`);
}

async function chart(id: string, caption: string, spec: Parameters<typeof renderSvg>[0]): Promise<Html> {
  return html`<figure class="chart" id="chart-${id}" data-chart="${id}">${raw(scopeIds(await renderSvg(spec), id))}<figcaption>${caption}</figcaption></figure>`;
}

function leaderboardTable(model: ReportModel, labels: readonly string[]): Html {
  const ranked = model.judges.map((j, k) => ({ j, label: labels[k]! })).sort((a, b) => b.j.statistics.dimensions.overall.accuracy.micro.value - a.j.statistics.dimensions.overall.accuracy.micro.value);
  const both = model.judges.some((j) => j.statistics.orders.length === 2);
  return html`<div class="table-wrap"><table id="leaderboard-table">
<thead><tr><th>#</th><th class="text">judge</th><th>overall <span class="ci">[95% CI]</span></th><th>per-organ mean <span class="ci">[95% CI]</span></th>${DIMENSIONS.filter((d) => d !== 'overall').map((d) => html`<th>${d} <span class="ci">[95% CI]</span></th>`)}${both ? html`<th>swap-consistent <span class="ci">[95% CI]</span></th>` : ''}<th>kappa <span class="ci">[95% CI]</span></th><th>answered</th></tr></thead>
<tbody>${ranked.map(({ j, label }, rank) => {
    const s = j.statistics;
    const o = s.dimensions.overall;
    return html`<tr><td>${rank + 1}</td><td class="judge text">${label}</td><td>${pct(o.accuracy.micro.value)}<br>${interval(o.accuracy.micro)}</td><td>${pct(o.accuracy.macro.value)}<br>${interval(o.accuracy.macro)}</td>${DIMENSIONS.filter((d) => d !== 'overall').map((d) => html`<td>${pct(s.dimensions[d].accuracy.micro.value)}<br>${interval(s.dimensions[d].accuracy.micro)}</td>`)}${both ? html`<td>${positionApplies(s.mode) ? html`${pct(o.position.swapConsistency)}<br>${interval(o.intervals.swapConsistency)}` : NOT_APPLICABLE}</td>` : ''}<td>${kappaWithInterval(o.kappa, o.intervals.kappa)}</td><td>${thousands(s.answered)}/${thousands(s.trials)}</td></tr>`;
  })}</tbody></table></div>`;
}

function costTable(model: ReportModel, labels: readonly string[]): Html {
  const priced = model.judges.some((j) => j.statistics.costUsd !== null);
  return html`<div class="table-wrap"><table id="cost-table">
<thead><tr><th class="text">judge</th><th>trials</th><th>answered</th><th>parse failures</th><th>request errors</th><th>retries</th><th>input tokens</th><th>output tokens</th><th>median latency</th>${priced ? html`<th>cost</th>` : ''}</tr></thead>
<tbody>${model.judges.map((j, k) => {
    const s = j.statistics;
    return html`<tr><td class="judge text">${labels[k]}${isSingleScore(s.mode) ? html` <span class="ci">(one score for all dimensions)</span>` : ''}</td><td>${thousands(s.trials)}</td><td>${thousands(s.answered)}</td><td class="${s.parseFailures > 0 ? 'warn' : ''}">${thousands(s.parseFailures)}</td><td class="${s.requestErrors > 0 ? 'warn' : ''}">${thousands(s.requestErrors)}</td><td>${thousands(s.retries)}</td><td>${thousands(s.inputTokens)}</td><td>${thousands(s.outputTokens)}</td><td>${s.medianLatencyMs === null ? '–' : s.medianLatencyMs < 1000 ? `${Math.round(s.medianLatencyMs)} ms` : `${(s.medianLatencyMs / 1000).toFixed(1)} s`}</td>${priced ? html`<td>${formatCost(s.costUsd)}</td>` : ''}</tr>`;
  })}</tbody></table></div>`;
}

function countTable(id: string, heading: string, rows: ReportModel['dataset']['byOrgan'], total: number): Html {
  return html`<div class="table-wrap"><table id="${id}"><thead><tr><th class="text">${heading}</th><th>cases</th><th>share</th><th>experts preferred A (overall)</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td class="text">${r.name}</td><td>${thousands(r.cases)}</td><td>${pct(r.cases / total)}</td><td>${pct(r.overallA / r.cases)}</td></tr>`)}</tbody></table></div>`;
}

/**
 * The whole report as one HTML file: inline CSS, inline SVG charts, no script, and a policy that
 * forbids loading anything, so it opens the same offline, in a mail attachment, or printed.
 */
export async function htmlReport(model: ReportModel): Promise<string> {
  const labels = judgeLabels(model.judges);
  const d = model.dataset;
  const run = model.runs[0]!;
  const orders = [...new Set(model.judges.map((j) => j.statistics.orders.join(' + ')))].join(', ');
  const parsers = [...new Set(model.judges.map((j) => j.parser))].join(', ');
  const bothOrders = model.judges.some((j) => j.statistics.orders.length === 2);
  const best = [...model.judges].sort((a, b) => b.statistics.dimensions.overall.accuracy.micro.value - a.statistics.dimensions.overall.accuracy.micro.value)[0];
  const heatmaps = await Promise.all(
    model.judges.map(async (j, k) => html`<h3>${labels[k]}</h3>${await chart(`heatmap-${k}`, `Accuracy of ${labels[k]} per organ system and dimension, all judged orders pooled. Blue: agrees with the physicians more often than a coin flip; red: less often.`, organHeatmapSpec(j))}`),
  );
  const body = html`<main>
<header>
<h1>${model.title}</h1>
<p>How often each judge agreed with the physicians' preferences on ${thousands(d.cases)} cases of medical images, questions and two candidate answers.</p>
<p>Dataset <code>${d.path}</code> (fingerprint ${d.fingerprint}) · run${model.runs.length > 1 ? 's' : ''} ${model.runs.map((r) => r.id).join(', ')} (${run.status}) · answer orders ${orders} · ${parsers} parser · generated ${model.generatedAt.slice(0, 16).replace('T', ' ')} UTC</p>
</header>
<nav><a href="#leaderboard">Leaderboard</a><a href="#dimensions">Dimensions</a><a href="#organs">Organ systems</a><a href="#position">Position bias</a><a href="#failures">Failures and cost</a><a href="#dataset">Dataset</a></nav>
<div class="facts">
<div class="fact"><b>${thousands(d.cases)}</b><span>cases</span></div>
<div class="fact"><b>${d.byOrgan.length}</b><span>organ systems</span></div>
<div class="fact"><b>${model.judges.length}</b><span>judge${model.judges.length === 1 ? '' : 's'}</span></div>
${best ? html`<div class="fact"><b>${pct(best.statistics.dimensions.overall.accuracy.micro.value)}</b><span>best overall agreement: ${labels[model.judges.indexOf(best)]} ${interval(best.statistics.dimensions.overall.accuracy.micro)}</span></div>` : ''}
</div>
${run.status !== 'completed' ? html`<p class="note warn">This run is ${run.status}: trials without an answer count as wrong below. Run the same command again to finish it.</p>` : ''}

<section id="leaderboard">
<h2>Leaderboard</h2>
<p class="lead">Share of verdicts that matched the physicians' overall preference, pooled over cases${bothOrders ? ' and both answer orders' : ''}. Brackets and lines are 95% bootstrap intervals (${thousands(model.resamples)} resamples, cases resampled within organ systems). The dashed line is 50%, what guessing scores.</p>
${leaderboardTable(model, labels)}
${await chart('leaderboard', 'Overall accuracy with 95% intervals, best first.', leaderboardSpec(model.judges))}
</section>

<section id="dimensions">
<h2>Accuracy per dimension</h2>
<p class="lead">Physicians compared the two answers on six dimensions. Whiskers are 95% intervals; a judge may be trustworthy on accuracy and not on comprehensiveness.</p>
${await chart('dimensions', 'Accuracy per dimension and judge, with 95% intervals.', dimensionSpec(model.judges))}
</section>

<section id="organs">
<h2>Accuracy per organ system</h2>
<p class="lead">Each cell is one judge's agreement with the physicians on one organ system and dimension. Small organ systems have wide uncertainty: see the case counts under Dataset.</p>
${heatmaps}
</section>

<section id="position">
<h2>Position bias</h2>
<p class="lead">${bothOrders ? 'Every case was judged twice, with the answers in the dataset order and swapped. A fair judge gives the same verdict both times, and picks the answer shown first about half the time.' : 'Only the dataset order was judged, so swap consistency is not available; run with both orders to measure it. The first-slot rate is how often the judge picked the answer shown first.'}</p>
${await chart('position', 'Overall dimension; lines are 95% intervals.', positionSpec(model.judges))}
</section>

<section id="failures">
<h2>Parse failures and cost</h2>
<p class="lead">A parse failure is an answer in which at least one dimension's verdict could not be read; a request error is a request that failed after every retry. Both count as wrong in the accuracies above. Cost is computed from the reported token usage at the run's prices, when prices were given.</p>
${costTable(model, labels)}
</section>

<section id="dataset">
<h2>Dataset</h2>
<p class="lead">${thousands(d.cases)} cases over ${d.byOrgan.length} organ systems${d.byDepartment.length ? ` and ${d.byDepartment.length} departments` : ''}. ${d.unequalLength ? `The physicians preferred the longer answer overall in ${pct(d.overallPrefersLonger / d.unequalLength)} of the cases whose answers differ in length.` : ''}</p>
<div class="grid2">
<div>${await chart('dataset', 'Cases per organ system, by the answer physicians preferred overall.', organCasesSpec(d))}</div>
<div>
<h3>Label balance</h3>
<div class="table-wrap"><table id="label-balance"><thead><tr><th class="text">dimension</th><th>experts preferred A</th><th>preferred B</th></tr></thead>
<tbody>${DIMENSIONS.map((dim) => html`<tr><td class="text">${dim}</td><td>${pct(d.labelShareA[dim])}</td><td>${pct(1 - d.labelShareA[dim])}</td></tr>`)}</tbody></table></div>
<p class="lead">A judge that always answers A scores the A share in the dataset order.</p>
</div>
</div>
<h3>Organ systems</h3>
${countTable('organ-table', 'organ system', d.byOrgan, d.cases)}
${d.byDepartment.length ? html`<h3>Departments</h3>${countTable('department-table', 'department', d.byDepartment, d.cases)}` : html`<p class="lead">The dataset names no departments.</p>`}
${d.byQuestionType.length ? html`<h3>Question types</h3>${countTable('question-type-table', 'question type', d.byQuestionType, d.cases)}` : ''}
</section>
<footer>Made by med-rewardbench from the stored answers; every figure is defined in docs/statistics.md. Accuracy pools all judged orders; the paper's per-organ table (dataset order only) is in official_table.csv.</footer>
</main>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${html`${model.title}`.text}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body.text}
</body>
</html>
`;
}
