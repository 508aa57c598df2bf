// The operator console: plots of the learning job and the API (GET /v1/ops/stats), the blend's learned weights
// per segment and how they moved while the page is open (GET /v1/ops/blend), experiments' click-through
// and conversion per variant with 95% intervals (GET /v1/experiments/{id}/results, sampled while the page is
// open), trending per category and a user lookup. Read-only: GET requests with the key entered in the page.
// One script for the one page, longer than our other sources on purpose: served as it is, without a build step
// (its DOM helper is in dom.js).

import { el } from '/console/dom.js';

const $ = (sel) => document.querySelector(sel);
const KEY = 'streamrec-console-key';
const POLL_MS = 5000;
const TRENDING_MS = 30000;
const MAX_EXPERIMENTS = 6;
const HISTORY = 720;
const COLORS = ['#0b6bcb', '#d1242f', '#1a7f37', '#8250df', '#bc4c00', '#57606a'];

const state = {
  key: readKey(),
  stats: null,
  plots: {}, // plot id -> points drawn (tests read it)
  experiments: {}, // experiment id -> samples of its results
  categories: [],
  lookup: null,
  blend: null, // the last GET /v1/ops/blend, and the first one this page saw (tests read them)
  blendFirst: null,
  problems: [],
};
const plots = new Map(); // plot id -> its elements
const catalogue = new Map(); // itemId -> Promise<entry|null>
const titles = new Map(); // itemId -> title of the entries loaded
let timers = [];
let generation = 0; // each key starts one: answers to calls made with an earlier key are ignored

function readKey() {
  try { return sessionStorage.getItem(KEY) || ''; } catch (e) { return ''; }
}

async function api(path) {
  const r = await fetch(path, { headers: { 'X-API-Key': state.key }, cache: 'no-store' });
  if (!r.ok) {
    let detail = '';
    try { detail = (await r.json()).detail || ''; } catch (e) { /* not the API's error shape */ }
    const err = new Error(`${path}: ${r.status} ${detail}`.trim());
    err.status = r.status;
    throw err;
  }
  return r.json();
}

function status(text, kind) {
  const s = $('#status');
  s.textContent = text;
  s.dataset.state = kind;
}

function problem(where, e) {
  state.problems.push({ where, message: String(e && e.message ? e.message : e) });
  if (state.problems.length > 50) state.problems.shift();
  if (e && (e.status === 401 || e.status === 403)) status('key refused: ' + e.message, 'error');
  else status(where + ' failed: ' + (e && e.message ? e.message : e), 'error');
  console.warn('console:', where, e);
}

// --- plots ------------------------------------------------------------------------------------------

const pad2 = (n) => String(n).padStart(2, '0');
const clock = (t) => { const d = new Date(t); return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`; };
const num = (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? '–'
  : Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en') : v.toFixed(digits));

/** A plot in {@code parent}, created once and redrawn with {@link draw}. */
function plot(parent, id, title) {
  if (plots.has(id)) return plots.get(id);
  const canvas = el('canvas', { width: 600, height: 150 });
  const now = el('span', { class: 'now' });
  const legend = el('div', { class: 'legend' });
  const empty = el('div', { class: 'empty' });
  const fig = el('figure', { class: 'plot', dataset: { plot: id, points: '0' } },
    el('figcaption', {}, el('span', {}, title), now), canvas, legend, empty);
  parent.append(fig);
  const p = { fig, canvas, now, legend, empty };
  plots.set(id, p);
  return p;
}

/**
 * Draws lines (null values break them) and, where a series has them, 95% bands.
 * series: [{name, points: [[t, y]], band: [[t, low, high]]}]
 */
function draw(p, series, { digits = 1, unit = '', note = '' } = {}) {
  const points = series.reduce((n, s) => n + s.points.filter(([, y]) => y !== null && y !== undefined).length, 0);
  p.fig.dataset.points = String(points);
  state.plots[p.fig.dataset.plot] = points;
  p.empty.textContent = note || (points === 0 ? 'no data yet' : '');
  p.legend.replaceChildren(...(series.length > 1 ? series.map((s, i) => el('span', {},
    el('i', { style: `background:${COLORS[i % COLORS.length]}` }), s.name)) : []));
  const last = series.map((s) => [...s.points].reverse().find(([, y]) => y !== null && y !== undefined));
  p.now.textContent = last.some((x) => x) ? last.map((x) => (x ? num(x[1], digits) : '–')).join(' / ') + unit : '';

  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(200, Math.round((p.canvas.clientWidth || 600) * dpr));
  const h = Math.round(150 * dpr);
  if (p.canvas.width !== w || p.canvas.height !== h) { p.canvas.width = w; p.canvas.height = h; }
  const g = p.canvas.getContext('2d');
  g.clearRect(0, 0, w, h);
  const ts = [];
  const ys = [];
  for (const s of series) {
    for (const [t, y] of s.points) { ts.push(t); if (y !== null && y !== undefined) ys.push(y); }
    for (const [t, lo, hi] of s.band || []) { ts.push(t); if (lo !== null && hi !== null) ys.push(lo, hi); }
  }
  const left = 48 * dpr; const right = w - 8 * dpr; const top = 6 * dpr; const bottom = h - 18 * dpr;
  g.font = `${11 * dpr}px system-ui, sans-serif`;
  g.fillStyle = '#5d6975';
  g.strokeStyle = '#d8dee4';
  g.lineWidth = dpr;
  if (ts.length === 0) return;
  let t0 = Math.min(...ts); let t1 = Math.max(...ts);
  if (t1 === t0) { t0 -= POLL_MS; t1 += POLL_MS; }
  let y0 = Math.min(0, ...ys); let y1 = ys.length ? Math.max(...ys) : 1;
  if (y1 <= y0) y1 = y0 + 1;
  y1 += (y1 - y0) * 0.08;
  const x = (t) => left + (t - t0) / (t1 - t0) * (right - left);
  const y = (v) => bottom - (v - y0) / (y1 - y0) * (bottom - top);
  for (let i = 0; i <= 3; i++) {
    const v = y0 + (y1 - y0) * i / 3;
    g.beginPath(); g.moveTo(left, y(v)); g.lineTo(right, y(v)); g.stroke();
    g.fillText(num(v, v !== 0 && Math.abs(y1 - y0) < 3 ? 3 : digits), 2 * dpr, y(v) + 4 * dpr);
  }
  g.fillText(clock(t0), left, h - 4 * dpr);
  const end = clock(t1);
  g.fillText(end, right - g.measureText(end).width, h - 4 * dpr);
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const band = (s.band || []).filter(([, lo, hi]) => lo !== null && hi !== null);
    if (band.length > 0) {
      g.globalAlpha = 0.15;
      g.fillStyle = color;
      g.beginPath();
      band.forEach(([t, lo], j) => (j === 0 ? g.moveTo(x(t), y(lo)) : g.lineTo(x(t), y(lo))));
      [...band].reverse().forEach(([t, , hi]) => g.lineTo(x(t), y(hi)));
      g.closePath();
      g.fill();
      g.globalAlpha = 1;
    }
    g.strokeStyle = color;
    g.fillStyle = color;
    g.lineWidth = 2 * dpr;
    g.beginPath();
    let open = false;
    let drawn = 0;
    for (const [t, v] of s.points) {
      if (v === null || v === undefined) { open = false; continue; }
      if (open) g.lineTo(x(t), y(v)); else g.moveTo(x(t), y(v));
      open = true;
      drawn++;
    }
    g.stroke();
    if (drawn === 1) { // a single sample: a dot
      const [t, v] = s.points.find(([, v2]) => v2 !== null && v2 !== undefined);
      g.beginPath(); g.arc(x(t), y(v), 3 * dpr, 0, 2 * Math.PI); g.fill();
    }
  });
}

// --- the job and the API ----------------------------------------------------------------------------

const LIVE = [
  { id: 'events', title: 'events learned / s', job: true, series: [['events/s', 'eventsPerSecond']] },
  { id: 'freshness', title: 'learning freshness (s since the newest model write)', job: true, digits: 2, unit: ' s',
    series: [['freshness', 'freshnessMillis', 1 / 1000]] },
  { id: 'recall', title: 'prequential recall@20', job: true, digits: 3, series: [['recall@20', 'prequentialRecallAt20']] },
  { id: 'dlq', title: 'dead letters and dropped updates / s', job: true, digits: 2,
    series: [['dead letters/s', 'deadLettersPerSecond'], ['dropped updates/s', 'droppedUpdatesPerSecond']] },
  { id: 'latency', title: 'recommendation latency (ms)', digits: 2, unit: ' ms',
    series: [['p50', 'recommendP50Millis'], ['p99', 'recommendP99Millis']] },
  { id: 'requests', title: 'API requests / s', series: [['requests/s', 'requestsPerSecond']] },
];

async function refreshStats() {
  const stats = await api('/v1/ops/stats');
  state.stats = stats;
  const connected = stats.jobMetrics === 'connected';
  const jobNote = connected ? '' : stats.jobMetrics === 'not_configured'
    ? 'job metrics not connected (console.flink-rest-url is empty)'
    : 'job metrics not connected: ' + (stats.jobProblem || 'unavailable');
  $('#job-note').textContent = `one sample every ${stats.sampleSeconds} s, ${stats.samples.length} kept by this API process`
    + (jobNote ? '; ' + jobNote : '');
  for (const spec of LIVE) {
    const p = plot($('#live-plots'), spec.id, spec.title);
    draw(p, spec.series.map(([name, field, scale = 1]) => ({
      name,
      points: stats.samples.map((s) => [s.at, s[field] === null || s[field] === undefined ? null : s[field] * scale]),
    })), { digits: spec.digits, unit: spec.unit, note: spec.job && !connected ? jobNote : '' });
  }
}

// --- learned blend ----------------------------------------------------------------------------------

async function refreshBlend() {
  const b = await api('/v1/ops/blend');
  if (!state.blendFirst || state.blendFirst.version > b.version) state.blendFirst = b;
  state.blend = b;
  const first = state.blendFirst;
  $('#blend-note').textContent = (b.version === 0
    ? 'nothing learned yet: every weight 1, the hand-set blend'
    : `learned from ${b.version} answered lists (${b.version - first.version} since this page opened)`)
    + (b.blend === 'learned' ? '; applied to every list' : '; read but not applied (rank.blend = hand-set)')
    + '. Each part of a candidate\'s score is multiplied by its weight in the candidate\'s segment; '
    + 'in brackets the change since this page opened.';
  $('#blend').replaceChildren(el('table', {},
    el('thead', {}, el('tr', {}, ['segment (user events, item updates)', 'steps', ...b.signals].map((c) => el('th', {}, c)))),
    el('tbody', {}, b.segments.map((seg, i) => el('tr', { dataset: { segment: seg.segment } },
      el('td', {}, seg.segment), el('td', { class: 'steps' }, String(seg.steps)),
      b.signals.map((sig) => {
        const w = seg.weights[sig];
        const d = w - first.segments[i].weights[sig];
        return el('td', { class: 'weight', dataset: { signal: sig } }, num(w, 3)
          + (Math.abs(d) >= 0.0005 ? ` (${d > 0 ? '+' : ''}${num(d, 3)})` : ''));
      }))))));
}

// --- experiments ------------------------------------------------------------------------------------

function samplesOf(id) {
  if (!state.experiments[id]) {
    let saved = [];
    try { saved = JSON.parse(sessionStorage.getItem('streamrec-console-exp-' + id) || '[]'); } catch (e) { saved = []; }
    state.experiments[id] = Array.isArray(saved) ? saved : [];
  }
  return state.experiments[id];
}

const rate = (r) => (r ? `${(100 * r.rate).toFixed(2)}% [${(100 * r.low).toFixed(2)}, ${(100 * r.high).toFixed(2)}]` : '–');

async function refreshExperiments() {
  const list = await api('/v1/experiments');
  list.sort((a, b) => Number(b.running) - Number(a.running) || b.updatedAt - a.updatedAt);
  const shown = list.slice(0, MAX_EXPERIMENTS);
  $('#exp-note').textContent = list.length === 0 ? 'no experiments (PUT /v1/experiments/{id} with an admin key)'
    : `${list.length} experiment(s); curves sampled every ${POLL_MS / 1000} s while this page is open`;
  const box = $('#experiments');
  for (const e of shown) {
    const results = await api('/v1/experiments/' + encodeURIComponent(e.id) + '/results');
    const h = samplesOf(e.id);
    h.push({ t: Date.now(), v: results.variants.map((v) => ({ n: v.name, ctr: v.clickThrough, cvr: v.conversion })) });
    while (h.length > HISTORY) h.shift();
    try { sessionStorage.setItem('streamrec-console-exp-' + e.id, JSON.stringify(h)); } catch (err) { /* full */ }
    let card = box.querySelector(`.experiment[data-experiment="${CSS.escape(e.id)}"]`);
    if (!card) {
      card = el('div', { class: 'experiment', dataset: { experiment: e.id } }, el('h3'), el('div', { class: 'table' }),
        el('div', { class: 'plots' }));
      box.append(card);
    }
    card.querySelector('h3').textContent = `${e.id} · ${e.running ? 'running' : 'stopped' + (e.winner ? ', winner ' + e.winner : '')}`
      + (results.sampleRatioMismatch ? ' · sample ratio mismatch: do not trust the rates' : '');
    card.querySelector('.table').replaceChildren(el('table', {},
      el('thead', {}, el('tr', {}, ['variant', 'share', 'users', 'impressions', 'clicks', 'purchases', 'revenue',
        'unattributed', 'CTR [95%]', 'CVR [95%]', 'CTR p'].map((c) => el('th', {}, c)))),
      el('tbody', {}, results.variants.map((v) => el('tr', { dataset: { variant: v.name } },
        el('td', {}, v.name + (v.name === results.control ? ' (control)' : '')), el('td', {}, String(v.share)),
        el('td', {}, String(v.users)), el('td', { class: 'impressions' }, String(v.impressions)),
        el('td', { class: 'clicks' }, String(v.clicks)), el('td', { class: 'purchases' }, String(v.purchases)),
        el('td', {}, num(v.revenue, 2)), el('td', {}, String(v.unattributed)), el('td', {}, rate(v.clickThrough)),
        el('td', {}, rate(v.conversion)),
        el('td', {}, v.clickThroughVsControl ? v.clickThroughVsControl.p.toFixed(3) : '–'))))));
    const names = results.variants.map((v) => v.name);
    for (const [what, title] of [['ctr', 'click-through rate'], ['cvr', 'conversion rate']]) {
      const p = plot(card.querySelector('.plots'), `${e.id}:${what}`, `${e.id}: ${title} per variant, 95% intervals`);
      draw(p, names.map((n) => {
        const at = h.map((s) => [s.t, s.v.find((v) => v.n === n)]).filter(([, v]) => v && v[what]);
        return {
          name: n,
          points: at.map(([t, v]) => [t, 100 * v[what].rate]),
          band: at.map(([t, v]) => [t, 100 * v[what].low, 100 * v[what].high]),
        };
      }), { digits: 2, unit: ' %' });
    }
  }
  box.querySelectorAll('.experiment').forEach((c) => {
    if (!shown.some((e) => e.id === c.dataset.experiment)) c.remove();
  });
}

// --- catalogue, trending, user lookup ---------------------------------------------------------------

function entry(itemId) {
  if (!catalogue.has(itemId)) {
    const p = api('/v1/items/' + encodeURIComponent(itemId)).then((e) => {
      if (e && e.title) titles.set(itemId, e.title);
      return e;
    }).catch((e) => {
      if (e.status === 404) return null; // not in the catalogue
      catalogue.delete(itemId);
      return null;
    });
    catalogue.set(itemId, p);
  }
  return catalogue.get(itemId);
}

const readable = (reason) => reason.replace(/^(similar to )(\S+)$/, (m, p, id) => p + (titles.get(id) || id));

async function refreshTrending() {
  const all = await api('/v1/trending?k=50');
  const infos = await Promise.all(all.items.map((i) => entry(i.itemId)));
  const counts = new Map();
  infos.filter((i) => i && i.category).forEach((i) => counts.set(i.category, (counts.get(i.category) || 0) + 1));
  const cats = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([c]) => c);
  state.categories = cats;
  const lists = await Promise.all(cats.map((c) => api('/v1/trending?k=5&category=' + encodeURIComponent(c))));
  const columns = [];
  for (let i = 0; i < cats.length; i++) {
    const items = await Promise.all(lists[i].items.map(async (it) => [it, await entry(it.itemId)]));
    columns.push(el('div', { class: 'category', dataset: { category: cats[i] } }, el('h3', {}, cats[i]),
      el('ol', {}, items.map(([it, info]) => el('li', { dataset: { itemId: it.itemId } },
        (info && info.title) || it.itemId, el('span', { class: 'meta' }, ` · ${num(it.score, 1)}`))))));
  }
  $('#trending').replaceChildren(...columns);
  if (cats.length === 0) $('#trending').replaceChildren(el('p', { class: 'note' }, 'nothing trending yet'));
}

async function lookup(userId) {
  $('#user-note').textContent = 'loading…';
  const r = await api('/v1/users/' + encodeURIComponent(userId) + '/recommendations?k=10&explain=true');
  const infos = await Promise.all(r.items.map((i) => entry(i.itemId)));
  // the reasons name items: load their titles too
  await Promise.all(r.items.flatMap((i) => (i.reasons || []).map((x) => /^similar to (\S+)$/.exec(x)))
    .filter((m) => m).map((m) => entry(m[1])));
  $('#user-recs').replaceChildren(...r.items.map((it, i) => el('li', { dataset: { itemId: it.itemId } },
    el('span', { class: 'title' }, (infos[i] && infos[i].title) || it.itemId),
    el('span', { class: 'meta' }, ` · ${it.itemId}${infos[i] && infos[i].category ? ' · ' + infos[i].category : ''}`
      + ` · score ${num(it.score, 3)}`),
    el('ul', { class: 'reasons' }, (it.reasons || []).map((x) => el('li', {}, readable(x)))))));
  $('#user-note').textContent = `${r.items.length} recommendations for ${r.userId}`
    + (r.fallback ? ' (fallback: the model does not know this user yet)' : '')
    + (r.experiment ? ` · experiment ${r.experiment}, variant ${r.variant}` : '') + ` · recId ${r.recId}`;
  state.lookup = { userId: r.userId, items: r.items.length, titled: infos.filter((i) => i && i.title).length,
    fallback: r.fallback, variant: r.variant || null };
}

// --- polling ----------------------------------------------------------------------------------------

function every(ms, what, fn) {
  const gen = generation;
  const run = async () => {
    try {
      await fn();
      if (gen === generation) status('connected', 'up');
    } catch (e) {
      if (gen === generation) problem(what, e);
    }
  };
  run();
  timers.push(setInterval(run, ms));
}

async function refresh() {
  await Promise.all([refreshStats(), refreshBlend(), refreshExperiments(), refreshTrending()]);
}

function start() {
  timers.forEach(clearInterval);
  timers = [];
  generation++;
  state.problems = [];
  if (!state.key) {
    status('enter a key', 'idle');
    return;
  }
  status('connecting…', 'idle');
  every(POLL_MS, 'stats', async () => {
    await refreshStats();
    document.body.dataset.ready = 'true';
  });
  every(POLL_MS, 'blend', refreshBlend);
  every(POLL_MS, 'experiments', refreshExperiments);
  every(TRENDING_MS, 'trending', refreshTrending);
}

$('#key-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  state.key = $('#key').value.trim();
  $('#key').value = '';
  try { sessionStorage.setItem(KEY, state.key); } catch (e) { /* storage blocked: the key lasts this page */ }
  start();
  if ($('#user-id').value.trim()) $('#user-form').requestSubmit();
});
$('#forget-key').addEventListener('click', () => {
  state.key = '';
  try { sessionStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
  start();
});
$('#user-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const id = $('#user-id').value.trim();
  if (!id) return;
  const url = new URL(location.href);
  url.searchParams.set('user', id);
  history.replaceState(null, '', url);
  const gen = generation;
  lookup(id).catch((e) => {
    if (gen !== generation) return; // made with an earlier key
    $('#user-note').textContent = 'lookup failed: ' + e.message;
    problem('lookup', e);
  });
});

const initialUser = new URLSearchParams(location.search).get('user');
if (initialUser) $('#user-id').value = initialUser;
window.opsConsole = { state, refresh, lookup };
start();
if (initialUser && state.key) $('#user-form').requestSubmit();
