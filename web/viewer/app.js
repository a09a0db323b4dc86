import { el, replace } from './dom.js';
import { runsView } from './views-runs.js';
import { runView } from './views-run.js';
import { caseView } from './views-case.js';

const app = /** @type {HTMLElement} */ (document.getElementById('app'));
const crumbs = /** @type {HTMLElement} */ (document.getElementById('crumbs'));

/** @type {(() => void) | undefined} */
let cleanup;

/**
 * Routes live in the hash, so every page (filters included) has a URL that can be bookmarked or
 * reloaded: #/, #/run/<id>?filters, #/run/<id>/case/<uid>?filters.
 */
function parseRoute() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  const params = Object.fromEntries(new URLSearchParams(query));
  const parts = (path ?? '/').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'run' && parts[1] && parts[2] === 'case' && parts[3]) return { view: 'case', run: parts[1], uid: parts[3], params };
  if (parts[0] === 'run' && parts[1]) return { view: 'run', run: parts[1], params };
  return { view: 'runs', params };
}

/** @param {Array<[string, string | null]>} trail label and href (null for the current page) */
function setCrumbs(trail) {
  replace(crumbs, trail.map(([label, href], i) => [i > 0 ? el('span', { class: 'sep', 'aria-hidden': 'true' }, '›') : null, href ? el('a', { href }, label) : el('span', { 'aria-current': 'page' }, label)]));
}

async function render() {
  cleanup?.();
  cleanup = undefined;
  const route = parseRoute();
  const context = { app, setCrumbs, onCleanup: (/** @type {() => void} */ f) => (cleanup = f) };
  try {
    if (route.view === 'case') await caseView(context, route.run, route.uid, route.params);
    else if (route.view === 'run') await runView(context, route.run, route.params);
    else await runsView(context);
  } catch (error) {
    replace(app, el('div', { class: 'notice error', role: 'alert' }, el('strong', null, 'Could not load this page. '), String(/** @type {Error} */ (error).message)), el('p', null, el('a', { href: '#/' }, 'Back to the runs')));
  }
}

window.addEventListener('hashchange', render);
render();
