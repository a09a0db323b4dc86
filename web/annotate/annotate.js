import { api, ApiError, el, refuse, takeToken } from './common.js';

// What each dimension asks, in the words a physician uses.
const QUESTIONS = {
  accuracy: 'Which answer is medically correct and consistent with the image?',
  relevance: 'Which answer stays on the question that was asked?',
  comprehensiveness: 'Which answer covers the important findings and considerations?',
  creativity: 'Which answer adds useful insight beyond the obvious (differentials, next steps)?',
  responsiveness: 'Which answer meets the asker’s need clearly and directly?',
  overall: 'All things considered, which answer would you rather a colleague received?',
};
const TITLES = { accuracy: 'Accuracy', relevance: 'Relevance', comprehensiveness: 'Comprehensiveness', creativity: 'Creativity', responsiveness: 'Responsiveness', overall: 'Overall' };

const $ = (id) => document.getElementById(id);
const token = takeToken();
const call = api(token ?? '');
const state = { me: null, tasks: [], index: 0, pair: null, dim: 0, view: { zoom: 1, contrast: 1, brightness: 1, invert: false, x: 0, y: 0 }, imageUrl: null };

function options() {
  return state.me.allowTie || state.me.role === 'adjudicator' ? ['A', 'tie', 'B'] : ['A', 'B'];
}

function showSaved(text, bad = false) {
  const node = $('saved');
  node.textContent = text;
  node.classList.toggle('bad', bad);
}

/** Saves at once; on a network hiccup tries again, and says so until it has worked. */
async function save(path, body, attempt = 1) {
  showSaved('Saving…');
  try {
    await call('PUT', path, body);
    showSaved('All changes saved');
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) return showSaved(`Not saved: ${error.message}`, true);
    showSaved('Not saved yet: retrying…', true);
    await new Promise((r) => setTimeout(r, Math.min(8000, 500 * 2 ** attempt)));
    return save(path, body, attempt + 1);
  }
}

/** For the adjudicator: a dimension whose votes have no majority (or a majority for "equal") needs a decision. */
function contested(votes) {
  if (!votes) return false;
  const counts = {};
  for (const v of votes) counts[v] = (counts[v] ?? 0) + 1;
  const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return !top || top[0] === 'tie' || top[1] * 2 <= votes.length;
}

function renderProgress() {
  const total = state.tasks.length;
  const complete = state.tasks.filter((t) => t.labelled === 6).length;
  $('progress').textContent = state.me.role === 'adjudicator' ? `${total} pair(s) to adjudicate` : `${complete} of ${total} pairs complete`;
  const jump = $('jump');
  jump.replaceChildren(
    ...state.tasks.map((t, i) =>
      el('option', { value: String(i) }, `Pair ${i + 1} of ${total}${state.me.role === 'adjudicator' ? '' : t.labelled === 6 ? ' ✓' : t.labelled > 0 ? ` (${t.labelled}/6)` : ''}`),
    ),
  );
  jump.value = String(state.index);
  $('prev').disabled = state.index === 0;
  $('next').disabled = state.index >= total - 1;
}

function applyView() {
  const v = state.view;
  const img = $('image');
  img.style.transform = `translate(${v.x}px, ${v.y}px) scale(${v.zoom})`;
  img.style.filter = `contrast(${v.contrast}) brightness(${v.brightness})${v.invert ? ' invert(1)' : ''}`;
  $('zoom').value = String(v.zoom);
  $('contrast').value = String(v.contrast);
  $('brightness').value = String(v.brightness);
  $('invert').checked = v.invert;
}

function resetView() {
  Object.assign(state.view, { zoom: 1, contrast: 1, brightness: 1, invert: false, x: 0, y: 0 });
  applyView();
}

function renderDimensions() {
  const list = $('dimensions');
  const dims = state.me.dimensions;
  list.replaceChildren(
    ...dims.map((d, i) => {
      const chosen = state.pair.choices[d];
      const buttons = options().map((o) =>
        el(
          'button',
          {
            type: 'button',
            class: `choice choice-${o}${chosen === o ? ' chosen' : ''}`,
            'aria-pressed': String(chosen === o),
            'data-dim': d,
            'data-choice': o,
            onclick: () => choose(i, o),
          },
          o === 'tie' ? 'Equal' : `${o} is better`,
        ),
      );
      const votes = state.pair.votes?.[d];
      const open = contested(votes) && !chosen;
      return el(
        'li',
        { class: `dimension${i === state.dim ? ' current' : ''}${chosen ? ' done' : ''}${open ? ' contested' : ''}`, 'data-dim': d, onclick: () => focusDim(i) },
        el('div', { class: 'dimtext' }, el('strong', {}, TITLES[d] ?? d), el('span', {}, QUESTIONS[d] ?? '')),
        el('div', { class: 'choices', role: 'group', 'aria-label': TITLES[d] ?? d }, ...buttons),
        ...(votes ? [el('div', { class: 'votes' }, `Annotators: ${votes.length ? votes.map((v) => (v === 'tie' ? 'equal' : v)).join(', ') : 'no votes'}${open ? ' · needs your decision' : ''}`)] : []),
      );
    }),
  );
}

function focusDim(i) {
  state.dim = Math.max(0, Math.min(state.me.dimensions.length - 1, i));
  renderDimensions();
}

async function choose(i, choice) {
  const d = state.me.dimensions[i];
  // A second click on the chosen answer takes the choice back.
  const next = state.pair.choices[d] === choice ? null : choice;
  if (next === null) delete state.pair.choices[d];
  else state.pair.choices[d] = next;
  state.dim = next === null ? i : Math.min(state.me.dimensions.length - 1, i + 1);
  renderDimensions();
  const task = state.tasks[state.index];
  task.labelled = Object.keys(state.pair.choices).length;
  renderProgress();
  await save(`/api/pairs/${encodeURIComponent(state.pair.pairId)}/labels/${d}`, { choice: next });
}

let commentTimer;
function commentChanged() {
  clearTimeout(commentTimer);
  const pairId = state.pair.pairId;
  const text = $('comment').value;
  showSaved('Typing…');
  commentTimer = setTimeout(() => save(`/api/pairs/${encodeURIComponent(pairId)}/comment`, { comment: text }), 400);
}

async function open(index) {
  if (state.tasks.length === 0) return;
  state.index = Math.max(0, Math.min(state.tasks.length - 1, index));
  const pairId = state.tasks[state.index].pairId;
  const [pair, image] = await Promise.all([call('GET', `/api/pairs/${encodeURIComponent(pairId)}`), call('GET', `/api/pairs/${encodeURIComponent(pairId)}/image`)]);
  state.pair = pair;
  const firstOpen = pair.votes ? state.me.dimensions.findIndex((d) => contested(pair.votes[d]) && !pair.choices[d]) : state.me.dimensions.findIndex((d) => !pair.choices[d]);
  state.dim = firstOpen < 0 ? 0 : firstOpen;
  if (state.imageUrl) URL.revokeObjectURL(state.imageUrl);
  state.imageUrl = URL.createObjectURL(image);
  $('image').src = state.imageUrl;
  $('question').textContent = pair.question;
  $('answerA').textContent = pair.answerA;
  $('answerB').textContent = pair.answerB;
  $('meta').replaceChildren(...[['Organ system', pair.organ?.replace(/_/g, ' ')], ['Modality', pair.modality], ['Department', pair.department]].filter(([, v]) => v).map(([k, v]) => el('span', { class: 'tag' }, `${k}: ${v}`)));
  $('comment').value = pair.comment ?? '';
  $('comment').closest('label').hidden = state.me.role !== 'annotator';
  $('adjudication').hidden = !pair.votes;
  $('comments').replaceChildren(...(pair.comments ?? []).map((c) => el('li', {}, c)));
  resetView();
  renderDimensions();
  renderProgress();
  showSaved(Object.keys(pair.choices).length ? 'All changes saved' : '');
}

function onKey(event) {
  if (event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
  if (event.ctrlKey || event.metaKey || event.altKey || !state.pair) return;
  const key = event.key.toLowerCase();
  const v = state.view;
  const handled = {
    a: () => choose(state.dim, 'A'),
    b: () => choose(state.dim, 'B'),
    t: () => options().includes('tie') && choose(state.dim, 'tie'),
    arrowdown: () => focusDim(state.dim + 1),
    arrowup: () => focusDim(state.dim - 1),
    n: () => open(state.index + 1),
    arrowright: () => open(state.index + 1),
    p: () => open(state.index - 1),
    arrowleft: () => open(state.index - 1),
    '+': () => ((v.zoom = Math.min(6, v.zoom * 1.25)), applyView()),
    '=': () => ((v.zoom = Math.min(6, v.zoom * 1.25)), applyView()),
    '-': () => ((v.zoom = Math.max(0.5, v.zoom / 1.25)), applyView()),
    0: () => resetView(),
  }[key];
  if (handled) {
    event.preventDefault();
    handled();
  }
}

function wireImage() {
  for (const id of ['zoom', 'contrast', 'brightness']) {
    $(id).addEventListener('input', (e) => {
      state.view[id] = Number(e.target.value);
      applyView();
    });
  }
  $('invert').addEventListener('change', (e) => {
    state.view.invert = e.target.checked;
    applyView();
  });
  $('resetview').addEventListener('click', resetView);
  const viewport = $('viewport');
  viewport.addEventListener('wheel', (e) => {
    e.preventDefault();
    state.view.zoom = Math.max(0.5, Math.min(6, state.view.zoom * (e.deltaY < 0 ? 1.1 : 1 / 1.1)));
    applyView();
  }, { passive: false });
  let drag = null;
  viewport.addEventListener('pointerdown', (e) => {
    drag = { x: e.clientX - state.view.x, y: e.clientY - state.view.y };
    viewport.setPointerCapture(e.pointerId);
  });
  viewport.addEventListener('pointermove', (e) => {
    if (!drag) return;
    state.view.x = e.clientX - drag.x;
    state.view.y = e.clientY - drag.y;
    applyView();
  });
  viewport.addEventListener('pointerup', () => (drag = null));
}

async function start() {
  if (!token) return refuse('This page needs your personal link. Ask the study administrator for it; it looks like …/annotate#token=….');
  try {
    state.me = await call('GET', '/api/me');
  } catch (error) {
    return refuse(error instanceof ApiError && error.status === 401 ? error.message : `The server cannot be reached (${error.message}).`);
  }
  $('who').textContent = state.me.role === 'adjudicator' ? `${state.me.name} (adjudicator)` : state.me.name;
  state.tasks = (await call('GET', '/api/tasks')).tasks;
  if (state.tasks.length === 0) {
    $('empty').hidden = false;
    $('empty').textContent = state.me.role === 'adjudicator' ? 'No pair needs adjudication at the moment.' : 'No pairs are assigned to you yet. Please check back later.';
    return renderProgress();
  }
  $('app').hidden = false;
  wireImage();
  $('prev').addEventListener('click', () => open(state.index - 1));
  $('next').addEventListener('click', () => open(state.index + 1));
  $('jump').addEventListener('change', (e) => open(Number(e.target.value)));
  $('comment').addEventListener('input', commentChanged);
  document.addEventListener('keydown', onKey);
  // Start where the work is: the first pair not yet complete.
  const first = state.tasks.findIndex((t) => t.labelled < 6);
  await open(first < 0 ? 0 : first);
}

start();
