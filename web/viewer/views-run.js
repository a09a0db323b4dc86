import { api, queryString } from './api.js';
import { el, replace } from './dom.js';
import { count, DIMENSIONS, OUTCOME_MARK, OUTCOME_TEXT, pct, when } from './format.js';
import { progressBar, statusBadge } from './views-runs.js';

export const FILTER_KEYS = ['organ', 'department', 'dimension', 'judge', 'outcome', 'swap', 'parseFailure', 'error', 'q'];

/** The filters of a route, as the API and the URL spell them. @param {Record<string, string>} params */
export function filtersOf(params) {
  return Object.fromEntries(FILTER_KEYS.filter((k) => params[k]).map((k) => [k, params[k]]));
}

/** @param {number | null} usd */
const cost = (usd) => (usd === null ? '–' : `$${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`);

/** @param {any} j @param {number} rank @param {boolean} priced */
function leaderboardRow(j, rank, priced) {
  return el('tr', null,
    el('td', null, String(rank)),
    el('td', { class: 'judge-name' }, j.judge, j.mode === 'reward' ? el('div', { class: 'muted small' }, 'one score for all dimensions') : null),
    el('td', { class: 'num' }, el('strong', null, pct(j.overall.value)), j.overall.low === null ? null : el('span', { class: 'ci' }, ` ${pct(j.overall.low)}–${pct(j.overall.high)}`)),
    DIMENSIONS.filter((d) => d !== 'overall').map((d) => el('td', { class: 'num' }, pct(j.dimensions[d]))),
    // Only a judge shown both answers at once has a first slot; for the others both figures follow from the labels.
    j.mode === 'pairwise' ? el('td', { class: 'num' }, pct(j.swapConsistency)) : el('td', { class: 'num muted', title: 'scores each answer alone: no answer position' }, 'n/a'),
    j.mode === 'pairwise' ? el('td', { class: 'num' }, pct(j.firstSlotRate)) : el('td', { class: 'num muted', title: 'scores each answer alone: no answer position' }, 'n/a'),
    el('td', { class: 'num' }, j.kappa === null ? '–' : j.kappa.toFixed(2)),
    el('td', { class: 'num' }, `${count(j.answered)} / ${count(j.trials)}`),
    el('td', { class: `num ${j.parseFailures || j.requestErrors ? 'bad' : ''}` }, `${count(j.parseFailures)} / ${count(j.requestErrors)}`),
    priced ? el('td', { class: 'num' }, cost(j.costUsd)) : null,
  );
}

/** @param {any} detail */
function leaderboardTable(detail) {
  const ranked = [...detail.leaderboard].sort((a, b) => (b.overall.value ?? -1) - (a.overall.value ?? -1));
  const priced = ranked.some((j) => j.costUsd !== null);
  return el('div', { class: 'table-wrap' }, el('table', { class: 'table leaderboard', id: 'leaderboard' },
    el('thead', null, el('tr', null,
      el('th', null, '#'), el('th', null, 'judge'), el('th', { class: 'num', title: 'agreement with the physicians on the overall dimension, with its 95% interval' }, 'overall [95% CI]'),
      DIMENSIONS.filter((d) => d !== 'overall').map((d) => el('th', { class: 'num' }, d.replace('comprehensiveness', 'comprehen\u00adsiveness').replace('responsiveness', 'responsive\u00adness'))),
      el('th', { class: 'num', title: 'same verdict with the answers swapped' }, 'swap-consistent'),
      el('th', { class: 'num', title: 'chose the answer shown first (50% = no position bias)' }, 'first-slot'),
      el('th', { class: 'num' }, 'kappa'), el('th', { class: 'num' }, 'answered'), el('th', { class: 'num', title: 'answers that could not be read / requests that failed after every retry' }, 'unreadable / errors'), priced ? el('th', { class: 'num' }, 'cost') : null)),
    el('tbody', null, ranked.map((j, i) => leaderboardRow(j, i + 1, priced))),
  ));
}

/** @param {string} name @param {string} label @param {Array<[string, string]>} options @param {string | undefined} value */
function select(name, label, options, value) {
  return el('label', { class: 'field' }, el('span', null, label),
    el('select', { name, 'data-filter': name }, options.map(([v, text]) => el('option', { value: v, selected: v === (value ?? '') }, text))));
}

/** @param {string} name @param {string} label @param {string | undefined} value */
function checkbox(name, label, value) {
  return el('label', { class: 'check' }, el('input', { type: 'checkbox', name, 'data-filter': name, checked: value === '1' }), label);
}

/** @param {any} detail @param {Record<string, string>} filters */
function filterBar(detail, filters) {
  const f = detail.facets;
  return el('form', { class: 'filters', id: 'filters', role: 'search', onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
    el('label', { class: 'field grow' }, el('span', null, 'Search'), el('input', { type: 'search', name: 'q', 'data-filter': 'q', value: filters.q ?? '', placeholder: 'words in the question, answers or judge output' })),
    select('organ', 'Organ system', [['', 'all'], ...f.organs.map((/** @type {string} */ o) => [o, o])], filters.organ),
    f.departments.length ? select('department', 'Department', [['', 'all'], ...f.departments.map((/** @type {string} */ o) => [o, o])], filters.department) : null,
    select('judge', 'Judge', [['', 'any judge'], ...f.judges.map((/** @type {string} */ o) => [o, o])], filters.judge),
    select('dimension', 'Dimension', f.dimensions.map((/** @type {string} */ d) => [d, d]), filters.dimension ?? 'overall'),
    select('outcome', 'Verdict', [['', 'any'], ['correct', 'agrees with physicians'], ['incorrect', 'disagrees / failed']], filters.outcome),
    el('div', { class: 'checks' },
      checkbox('swap', 'changed when swapped', filters.swap),
      checkbox('parseFailure', 'unreadable answer', filters.parseFailure),
      checkbox('error', 'request error', filters.error)),
  );
}

/** A judge's verdict in one order as a small chip: the letter chosen and whether it agrees. @param {any} t */
export function verdictChip(t, label) {
  const letter = t.choice === 'tie' ? 'tie' : t.choice ?? '';
  return el('span', { class: `chip outcome-${t.outcome}`, title: `${label}: ${OUTCOME_TEXT[t.outcome]}` },
    el('span', { class: 'chip-order' }, t.order), el('span', { class: 'chip-mark', 'aria-hidden': 'true' }, OUTCOME_MARK[t.outcome]), letter ? ` ${letter}` : null,
    el('span', { class: 'sr-only' }, ` ${OUTCOME_TEXT[t.outcome]}`));
}

/** @param {any} c @param {string} runId @param {Record<string, string>} filters */
function caseRow(c, runId, filters) {
  const href = `#/run/${encodeURIComponent(runId)}/case/${encodeURIComponent(c.uid)}${queryString(filters)}`;
  return el('tr', { class: 'case-row', 'data-uid': c.uid },
    el('td', null, el('a', { href, class: 'case-link' }, c.uid)),
    el('td', null, c.organ, c.department ? el('div', { class: 'muted small' }, c.department) : null),
    el('td', { class: 'question' }, c.question),
    el('td', { class: 'center' }, el('span', { class: 'label-letter' }, c.label)),
    c.judges.map((/** @type {any} */ j) => el('td', { class: 'verdict-cell' }, el('div', { class: 'judge-verdicts' },
      j.trials.map((/** @type {any} */ t) => verdictChip(t, `${j.judge}, order ${t.order}`)),
      j.swapInconsistent ? el('span', { class: 'chip swap', title: 'changed its verdict when the answers were swapped' }, '⇄') : null))),
  );
}

/** A run: its progress, leaderboard, and the filterable list of its cases. */
export async function runView(/** @type {any} */ ctx, /** @type {string} */ runId, /** @type {Record<string, string>} */ params) {
  const filters = filtersOf(params);
  const detail = await api(`/api/runs/${encodeURIComponent(runId)}`);
  const run = detail.run;
  ctx.setCrumbs([['Runs', '#/'], [run.id, null]]);
  document.title = `${run.id} · Med-RewardBench viewer`;

  const progressBox = el('div', { class: 'run-progress' });
  const boardBox = el('div');
  const listBox = el('div', { id: 'case-list' });
  const summaryLine = el('p', { class: 'muted', id: 'case-count', 'aria-live': 'polite' });
  const drawHead = (/** @type {any} */ d) => {
    replace(progressBox, statusBadge(d.run.status), progressBar(d.run.progress, d.run.status),
      d.run.status === 'running' ? el('span', { class: 'muted small' }, ' updates every few seconds') : null);
    replace(boardBox, leaderboardTable(d));
  };
  drawHead(detail);

  let shown = 200;
  const drawList = async () => {
    const list = await api(`/api/runs/${encodeURIComponent(runId)}/cases${queryString({ ...filters, limit: String(shown) })}`);
    replace(summaryLine, `${count(list.matched)} of ${count(list.total)} cases`, filters.dimension && filters.dimension !== 'overall' ? ` · verdicts on ${list.dimension}` : ' · verdicts on the overall dimension', ' · ', el('span', { class: 'small' }, 'AB: dataset order, BA: answers swapped · ✓ agrees · ✗ disagrees · = tie · ? unreadable · ! request failed · … not yet judged · ⇄ changed when swapped'));
    replace(listBox, list.cases.length === 0
      ? el('div', { class: 'notice' }, 'No case matches these filters.')
      : el('div', { class: 'table-wrap' }, el('table', { class: 'table cases' },
          el('thead', null, el('tr', null, el('th', null, 'case'), el('th', null, 'organ system'), el('th', null, 'question'), el('th', { class: 'center', title: 'the answer physicians preferred' }, 'physicians'), (list.cases[0]?.judges ?? []).map((/** @type {any} */ j) => el('th', { class: 'judge-col', title: j.judge }, j.judge)))),
          el('tbody', null, list.cases.map((/** @type {any} */ c) => caseRow(c, runId, filters))))),
      list.matched > list.cases.length ? el('button', { type: 'button', class: 'more', onclick: () => { shown += 200; void drawList(); } }, `Show more (${count(list.matched - list.cases.length)} left)`) : null);
  };

  const form = filterBar(detail, filters);
  // Filters live in the URL: the list is reproducible, and a case page knows its neighbours.
  const apply = () => {
    /** @type {Record<string, string>} */
    const next = {};
    for (const input of form.querySelectorAll('[data-filter]')) {
      const i = /** @type {HTMLInputElement} */ (input);
      const value = i.type === 'checkbox' ? (i.checked ? '1' : '') : i.value;
      if (value && !(i.name === 'dimension' && value === 'overall')) next[i.name] = value;
    }
    history.replaceState(null, '', `#/run/${encodeURIComponent(runId)}${queryString(next)}`);
    for (const k of FILTER_KEYS) delete filters[k];
    Object.assign(filters, next);
    shown = 200;
    void drawList();
  };
  let typing;
  form.addEventListener('change', apply);
  form.addEventListener('input', (e) => {
    if (/** @type {HTMLElement} */ (e.target).getAttribute('type') !== 'search') return;
    clearTimeout(typing);
    typing = setTimeout(apply, 250);
  });

  replace(ctx.app,
    el('section', { class: 'run-head' },
      el('h1', null, run.id),
      el('p', { class: 'muted' }, `${count(run.dataset.cases)} cases from ${run.dataset.path} · orders ${run.orders.join(' + ')} · ${detail.scoredParser} parser · started ${when(run.createdAt)}`),
      progressBox),
    el('section', null, el('h2', null, 'Leaderboard'),
      el('p', { class: 'muted small' }, `Agreement with the physicians, all judged orders pooled; 95% bootstrap intervals from ${count(detail.resamples)} resamples (the HTML report uses more).`),
      boardBox),
    el('section', null, el('h2', null, 'Cases'), form, summaryLine, listBox),
  );
  await drawList();

  if (run.status === 'running') {
    const timer = setInterval(async () => {
      try {
        const d = await api(`/api/runs/${encodeURIComponent(runId)}`);
        drawHead(d);
        await drawList();
        if (d.run.status !== 'running') clearInterval(timer);
      } catch { /* the next tick tries again */ }
    }, 3000);
    ctx.onCleanup(() => clearInterval(timer));
  }
}
