import { api, queryString } from './api.js';
import { el, replace } from './dom.js';
import { count, DIMENSIONS, duration, OUTCOME_MARK, OUTCOME_TEXT, when } from './format.js';
import { zoomableImage } from './image-zoom.js';
import { filtersOf } from './views-run.js';

/** @param {any} v one dimension of a verdict */
const choiceText = (v) => (!v ? '–' : 'choice' in v ? (v.choice === 'tie' ? 'tie' : v.choice) : 'unreadable');

/** The verdict grid of one trial: per dimension, the choice against the physicians' label. @param {any} t @param {any} labels */
function verdictTable(t, labels) {
  return el('table', { class: 'table verdicts' },
    el('thead', null, el('tr', null, el('th', null, 'dimension'), el('th', { class: 'center' }, 'physicians'), el('th', { class: 'center' }, 'judge'), el('th', null, ''))),
    el('tbody', null, DIMENSIONS.map((d) => el('tr', { class: `outcome-${t.outcomes[d]}` },
      el('td', null, d),
      el('td', { class: 'center' }, labels[d]),
      el('td', { class: 'center' }, el('strong', null, choiceText(t.verdict?.[d]))),
      el('td', { class: 'small' }, el('span', { class: 'mark', 'aria-hidden': 'true' }, OUTCOME_MARK[t.outcomes[d]]), ' ', OUTCOME_TEXT[t.outcomes[d]], t.verdict?.[d] && 'failure' in t.verdict[d] ? `: ${t.verdict[d].failure}` : ''),
    ))));
}

/**
 * What the model wrote. Pointwise and reward judges judged each answer on its own: their stored
 * output holds one text (or reward) per answer, shown apart.
 * @param {any} t
 */
function rawOutput(t) {
  let paired = null;
  if (t.mode !== 'pairwise') {
    try {
      const parsed = JSON.parse(t.rawOutput);
      if (parsed && typeof parsed === 'object' && 'A' in parsed && 'B' in parsed) paired = parsed;
    } catch { /* shown as stored */ }
  }
  if (!paired) return el('details', { class: 'raw', open: true }, el('summary', null, 'Raw output'), el('pre', { class: 'raw-output' }, t.rawOutput));
  return ['A', 'B'].map((letter) => el('details', { class: 'raw', open: true },
    el('summary', null, t.mode === 'reward' ? `Reward of answer ${letter}` : `Raw output on answer ${letter}`),
    el('pre', { class: 'raw-output', 'data-answer': letter }, typeof paired[letter] === 'string' ? paired[letter] : JSON.stringify(paired[letter]))));
}

/** One judge's answer in one order, everything it said and cost. @param {any} t @param {any} labels */
function trialCard(t, labels) {
  const pending = t.rawOutput === null && t.error === null;
  return el('article', { class: 'trial', 'data-judge': t.judge, 'data-order': t.order },
    el('h4', null, t.mode !== 'pairwise' ? `Order ${t.order}: each answer judged on its own` : t.order === 'AB' ? 'Answers in the dataset order (A first)' : 'Answers swapped (B shown first)', t.sample ? ` · sample ${t.sample + 1}` : ''),
    pending ? el('p', { class: 'muted' }, 'Not judged yet.') : null,
    t.error ? el('div', { class: 'notice error' }, el('strong', null, `Request failed (${t.errorKind ?? 'error'}) after ${t.attempts} attempt(s): `), t.error) : null,
    t.verdict ? verdictTable(t, labels) : null,
    t.reason ? el('p', { class: 'reason' }, el('strong', null, 'Reason given: '), t.reason) : null,
    t.mode === 'pairwise' && t.order === 'BA' && t.rawOutput !== null ? el('p', { class: 'muted small' }, 'The table uses the dataset\'s letters; in the raw output below, A is the answer shown first (the dataset\'s B).') : null,
    t.rawOutput !== null ? rawOutput(t) : null,
    t.reasoning ? el('details', { class: 'raw' }, el('summary', null, 'Reasoning returned apart from the answer'), el('pre', null, t.reasoning)) : null,
    pending ? null : el('p', { class: 'muted small cost' }, `${count(t.inputTokens)} input / ${count(t.outputTokens)} output tokens · ${duration(t.latencyMs)} · ${t.attempts ?? '–'} attempt(s) · judged ${when(t.judgedAt)}`),
  );
}

/** @param {any} data */
function labelSummary(data) {
  const labels = data.case.labels;
  const forA = DIMENSIONS.filter((d) => labels[d] === 'A');
  const forB = DIMENSIONS.filter((d) => labels[d] === 'B');
  return el('table', { class: 'table labels', id: 'expert-labels' },
    el('thead', null, el('tr', null, el('th', null, 'dimension'), el('th', { class: 'center' }, 'physicians preferred'))),
    el('tbody', null, DIMENSIONS.map((d) => el('tr', null, el('td', null, d), el('td', { class: 'center' }, el('span', { class: `label-letter ${d === 'overall' ? 'overall' : ''}` }, labels[d]))))),
    el('caption', { class: 'small muted' }, `A on ${forA.length ? forA.join(', ') : 'none'}; B on ${forB.length ? forB.join(', ') : 'none'}.`),
  );
}

/** One case: image, question, both answers, the physicians' labels, and every judge's verdicts. */
export async function caseView(/** @type {any} */ ctx, /** @type {string} */ runId, /** @type {string} */ uid, /** @type {Record<string, string>} */ params) {
  const filters = filtersOf(params);
  const runHref = `#/run/${encodeURIComponent(runId)}${queryString(filters)}`;
  const caseHref = (/** @type {string} */ u) => `#/run/${encodeURIComponent(runId)}/case/${encodeURIComponent(u)}${queryString(filters)}`;
  const [data, list] = await Promise.all([
    api(`/api/runs/${encodeURIComponent(runId)}/case${queryString({ uid })}`),
    api(`/api/runs/${encodeURIComponent(runId)}/cases${queryString({ ...filters, limit: '1' })}`),
  ]);
  const c = data.case;
  ctx.setCrumbs([['Runs', '#/'], [runId, runHref], [c.uid, null]]);
  document.title = `${c.uid} · Med-RewardBench viewer`;

  // Neighbours within the filtered list, so a reader can walk through, say, every disagreement.
  const at = list.uids.indexOf(uid);
  const prev = at > 0 ? list.uids[at - 1] : null;
  const next = at >= 0 && at < list.uids.length - 1 ? list.uids[at + 1] : null;
  const position = at >= 0 ? `Case ${at + 1} of ${list.uids.length}` : 'This case is outside the current filters';

  const meta = [['organ system', c.organ], ['department', c.department], ['modality', c.modality], ['body part', c.bodyPart], ['question type', c.questionType], ['source', c.source], ['question id', c.questionId]].filter(([, v]) => v);

  const judgesBox = el('div', { id: 'judges' });
  const drawJudges = (/** @type {any} */ d) => {
    const judges = [...new Set(d.trials.map((/** @type {any} */ t) => t.judge))];
    replace(judgesBox,
      judges.length === 0 ? el('p', { class: 'muted' }, 'No judge has a trial for this case.') : null,
      judges.map((judge) => el('section', { class: 'judge', 'data-judge': judge },
        el('h3', null, judge, DIMENSIONS.some((x) => d.swapInconsistent[judge]?.[x]) ? el('span', { class: 'badge warn' }, `changed its verdict when swapped on ${DIMENSIONS.filter((x) => d.swapInconsistent[judge][x]).join(', ')}`) : null),
        el('div', { class: 'trials' }, d.trials.filter((/** @type {any} */ t) => t.judge === judge).map((/** @type {any} */ t) => trialCard(t, c.labels))))));
  };
  drawJudges(data);

  replace(ctx.app,
    el('nav', { class: 'case-nav', 'aria-label': 'Case navigation' },
      el('a', { href: runHref, class: 'button', id: 'back-to-list' }, '← All cases'),
      el('span', { class: 'muted', id: 'case-position' }, position),
      el('span', { class: 'spacer' }),
      prev ? el('a', { href: caseHref(prev), class: 'button', id: 'prev-case', rel: 'prev' }, '‹ Previous') : el('span', { class: 'button disabled' }, '‹ Previous'),
      next ? el('a', { href: caseHref(next), class: 'button', id: 'next-case', rel: 'next' }, 'Next ›') : el('span', { class: 'button disabled' }, 'Next ›'),
      el('span', { class: 'muted small keys' }, 'keys: ← → or j k · Esc back')),
    el('h1', { class: 'case-title' }, c.uid),
    el('div', { class: 'case-top' },
      zoomableImage(data.image, `Image of case ${c.uid} (${c.organ})`),
      el('div', { class: 'case-info' },
        el('dl', { class: 'meta' }, meta.map(([k, v]) => [el('dt', null, k), el('dd', null, v)])),
        el('h2', null, 'Question'),
        el('p', { class: 'question-text', id: 'question' }, c.question),
        labelSummary(data))),
    el('h2', null, 'Answers'),
    el('div', { class: 'answers' },
      ['A', 'B'].map((letter) => {
        const won = DIMENSIONS.filter((d) => c.labels[d] === letter);
        return el('section', { class: `answer ${c.labels.overall === letter ? 'preferred' : ''}`, id: `answer-${letter}` },
          el('h3', null, `Answer ${letter}`, c.labels.overall === letter ? el('span', { class: 'badge good' }, 'physicians preferred overall') : null),
          el('p', { class: 'muted small' }, won.length ? `Preferred on ${won.join(', ')}` : 'Not preferred on any dimension'),
          el('div', { class: 'answer-text' }, letter === 'A' ? c.answerA : c.answerB));
      })),
    el('h2', null, 'Judges'),
    judgesBox,
  );

  const onKey = (/** @type {KeyboardEvent} */ e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    if (e.altKey || e.ctrlKey || e.metaKey || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return;
    if ((e.key === 'ArrowRight' || e.key === 'j') && next) location.hash = caseHref(next);
    else if ((e.key === 'ArrowLeft' || e.key === 'k') && prev) location.hash = caseHref(prev);
    else if (e.key === 'Escape' || e.key === 'u') location.hash = runHref;
    else return;
    e.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  // While the run is still going, verdicts not yet judged appear as they are stored.
  const pending = (/** @type {any} */ d) => d.runStatus === 'running' && d.trials.some((/** @type {any} */ t) => t.rawOutput === null && t.error === null);
  const timer = pending(data)
    ? setInterval(async () => {
        try {
          const fresh = await api(`/api/runs/${encodeURIComponent(runId)}/case${queryString({ uid })}`);
          drawJudges(fresh);
          if (!pending(fresh)) clearInterval(timer);
        } catch { /* the next tick tries again */ }
      }, 3000)
    : undefined;
  ctx.onCleanup(() => {
    document.removeEventListener('keydown', onKey);
    clearInterval(timer);
  });
  window.scrollTo(0, 0);
}
