import { api } from './api.js';
import { el, replace } from './dom.js';
import { count, when } from './format.js';

/** @param {{ judged: number, expected: number, trials: number, failed: number }} p @param {string} status */
export function progressBar(p, status) {
  const total = Math.max(p.expected, p.trials, 1);
  const share = Math.min(1, p.judged / total);
  return el('div', { class: 'progress', title: `${p.judged} of ${total} trials judged` },
    el('div', { class: 'progress-track' }, el('div', { class: `progress-fill ${status}`, style: { width: `${(100 * share).toFixed(1)}%` } })),
    el('span', { class: 'progress-text' }, `${count(p.judged)} / ${count(total)} trials`, p.failed ? el('span', { class: 'bad' }, ` · ${count(p.failed)} failed`) : null),
  );
}

/** @param {string} status */
export const statusBadge = (status) => el('span', { class: `badge status-${status}` }, status === 'running' ? 'in progress' : status);

/** The runs in the store, newest first; refreshes itself while one is in progress. */
export async function runsView(/** @type {any} */ ctx) {
  ctx.setCrumbs([['Runs', null]]);
  document.title = 'Runs · Med-RewardBench viewer';
  const draw = async () => {
    const { runs, store } = await api('/api/runs');
    replace(ctx.app,
      el('h1', null, 'Runs'),
      el('p', { class: 'muted' }, `Store ${store}`),
      runs.length === 0
        ? el('div', { class: 'notice' }, 'This store has no runs yet. Start one with ', el('code', null, 'mrb run'), '; it appears here as soon as it starts.')
        : el('table', { class: 'table runs-table' },
            el('thead', null, el('tr', null, el('th', null, 'run'), el('th', null, 'status'), el('th', null, 'progress'), el('th', null, 'judges'), el('th', { class: 'num' }, 'cases'), el('th', null, 'dataset'), el('th', null, 'updated'))),
            el('tbody', null, runs.map((/** @type {any} */ r) =>
              el('tr', null,
                el('td', null, el('a', { href: `#/run/${encodeURIComponent(r.id)}`, class: 'run-link' }, r.id)),
                el('td', null, statusBadge(r.status)),
                el('td', null, progressBar(r.progress, r.status)),
                el('td', null, r.judges.map((/** @type {string} */ j) => el('div', { class: 'judge-name' }, j))),
                el('td', { class: 'num' }, count(r.dataset.cases)),
                el('td', { class: 'path' }, r.dataset.path),
                el('td', null, when(r.updatedAt)),
              ))),
          ),
    );
    return runs.some((/** @type {any} */ r) => r.status === 'running');
  };
  const running = await draw();
  if (running) {
    const timer = setInterval(() => draw().then((still) => still || clearInterval(timer)).catch(() => {}), 3000);
    ctx.onCleanup(() => clearInterval(timer));
  }
}
