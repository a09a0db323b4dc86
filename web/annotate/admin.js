import { api, ApiError, el, refuse, takeToken } from './common.js';

const $ = (id) => document.getElementById(id);
const token = takeToken();
const call = api(token ?? '');
const fixed = (x) => (x === null || x === undefined ? 'n/a' : x.toFixed(3));
const percent = (x) => (x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(0)}%`);

async function refresh() {
  const o = await call('GET', '/api/admin/overview');
  const c = o.counts;
  $('counts').textContent = `${c.pairs} pairs: ${c.labelled} decided on all six dimensions, ${c.incomplete} still being labelled, ${c.queue} waiting for the adjudicator.`;
  $('people').replaceChildren(...o.annotators.map((p) => el('tr', {}, el('td', {}, p.name), el('td', {}, p.role), el('td', { class: 'num' }, String(p.assigned)), el('td', { class: 'num' }, String(p.done)))));
  $('agreement').replaceChildren(
    ...Object.entries(o.agreement).map(([d, a]) => el('tr', {}, el('td', {}, d), el('td', { class: 'num' }, String(a.units)), el('td', { class: 'num' }, percent(a.unanimous)), el('td', { class: 'num' }, fixed(a.fleissKappa)), el('td', { class: 'num' }, fixed(a.krippendorffAlpha)))),
  );
}

async function start() {
  if (!token) return refuse('This page needs the administrator link printed by `mrb annotate serve` (…/admin#token=…).');
  let me;
  try {
    me = await call('GET', '/api/me');
  } catch (error) {
    return refuse(error instanceof ApiError && error.status === 401 ? error.message : `The server cannot be reached (${error.message}).`);
  }
  if (me.role !== 'admin') return refuse('This link belongs to an annotator; open it at /annotate instead.');
  $('who').textContent = me.name;
  $('app').hidden = false;
  $('add').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const made = await call('POST', '/api/admin/annotators', { name: $('name').value, role: $('role').value });
      $('newname').textContent = made.name;
      $('link').textContent = made.link;
      $('newlink').hidden = false;
      $('name').value = '';
      await refresh();
    } catch (error) {
      $('newlink').hidden = false;
      $('newname').textContent = '';
      $('link').textContent = `Not created: ${error.message}`;
    }
  });
  $('copy').addEventListener('click', () => navigator.clipboard?.writeText($('link').textContent));
  $('assign').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const r = await call('POST', '/api/admin/assign', { perPair: Number($('perpair').value) });
      $('assigned').textContent = `${r.added} new assignment(s) over ${r.pairs} pairs and ${r.annotators} annotators.`;
      $('assigned').classList.remove('bad');
      await refresh();
    } catch (error) {
      $('assigned').textContent = error.message;
      $('assigned').classList.add('bad');
    }
  });
  await refresh();
}

start();
