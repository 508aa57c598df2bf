// The demo storefront: product cards from the catalogue, "recommended for you", similar items and
// trending, each with its reasons; clicks go through the streamrec browser SDK (the file the jar ships).
import { createClient } from '/demo/sdk/streamrec.js';
import { el } from '/console/dom.js';

const $ = (sel) => document.querySelector(sel);
const params = new URLSearchParams(location.search);
const K = 10;

/** Which visitor this is: ?user=ID (e.g. a replayed customer), else one remembered in this browser. */
function visitorId() {
  if (params.get('user')) return params.get('user');
  let id = null;
  try { id = localStorage.getItem('streamrec-demo-user'); } catch (e) { /* storage blocked */ }
  if (!id) {
    id = 'visitor-' + Math.random().toString(36).slice(2, 10);
    try { localStorage.setItem('streamrec-demo-user', id); } catch (e) { /* storage blocked */ }
  }
  return id;
}

async function json(url, init) {
  const r = await fetch(url, init);
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
}

const state = {
  userId: visitorId(),
  category: null,
  focus: null, // the product clicked last: its similar items are shown
  renders: 0, // how many times "recommended for you" was drawn (tests wait on it)
  lastRecs: null,
  apiDown: false,
  problems: [],
};

const catalogue = new Map(); // itemId -> Promise<entry|null>
const titles = new Map(); // itemId -> title, of the entries loaded
function entry(client, itemId) {
  if (!catalogue.has(itemId)) {
    const p = client.item(itemId).then((e) => {
      if (e && e.title) titles.set(itemId, e.title.toLowerCase());
      return e;
    }).catch((e) => {
      if (e.status === 404) return null; // not in the catalogue: a card without details
      catalogue.delete(itemId); // try again next time
      return { failed: e };
    });
    catalogue.set(itemId, p);
  }
  return catalogue.get(itemId);
}

const price = (p) => (typeof p === 'number' ? '£' + p.toFixed(2) : '');
const hue = (s) => [...(s || '?')].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
const initials = (title) => (title || '?').split(/\s+/).filter((w) => /^[A-Za-z]/.test(w)).slice(0, 2)
  .map((w) => w[0]).join('').toUpperCase();

/** A reason with item ids replaced by the titles the page knows ("similar to 21231" -> "similar to ... box"). */
const readable = (reason) => reason.replace(/^(similar to )(\S+)$/, (m, p, id) => p + (titles.get(id) || id));

function card(client, item, info, shelf) {
  const title = (info && info.title) || item.itemId;
  const category = info && info.category;
  return el('article', { class: 'card', dataset: { itemId: item.itemId, category: category || '', shelf } },
    el('button', { type: 'button', class: 'open', title: 'view ' + title, onclick: () => open(client, item.itemId, category, title) },
      el('div', { class: 'thumb', style: `--h:${hue(category)}` }, initials(title)),
      el('h3', { class: 'title' }, title.toLowerCase())),
    el('div', { class: 'meta' },
      el('span', { class: 'price' }, price(info && info.price)),
      category ? el('button', { type: 'button', class: 'cat', onclick: () => browse(client, category) }, category) : null),
    item.reasons && item.reasons.length ? el('ul', { class: 'reasons' }, item.reasons.map((r) => el('li', {}, readable(r)))) : null,
    el('button', { type: 'button', class: 'add', onclick: () => addToCart(client, item.itemId, category) }, 'add to cart'));
}

async function fill(client, container, items, shelf) {
  const infos = await Promise.all(items.map((i) => entry(client, i.itemId)));
  const failed = infos.find((i) => i && i.failed);
  if (failed) throw failed.failed; // the API went away halfway: keep the shelf as it was, say so
  container.replaceChildren(...items.map((item, n) => card(client, item, infos[n], shelf)));
  if (items.length === 0) container.append(el('p', { class: 'empty' }, 'nothing here yet'));
}

function problem(section, error) {
  const note = section.querySelector('.stale') || section.insertBefore(el('p', { class: 'stale' }), section.querySelector('.grid'));
  note.textContent = error ? `could not refresh (${error.status || 'offline'}): showing what was there before` : '';
}

async function shelf(section, load, render) {
  try {
    const answer = await load();
    problem(section, null);
    await render(answer);
    return answer;
  } catch (e) {
    problem(section, e);
    return null;
  }
}

const shown = new Set(); // items whose impression was sent
async function refreshRecs(client) {
  await shelf($('#recs'), () => client.recommendations({ k: K, explain: true }), async (r) => {
    state.lastRecs = r;
    $('#recs-note').textContent = r.fallback
      ? 'You are new here: these are popular now. Click a few products and they become yours.'
      : `Learned from your clicks (model ${r.modelVersion}).`;
    await fill(client, $('#recs-items'), r.items, 'recs');
    for (const i of r.items) {
      if (!shown.has(i.itemId)) {
        shown.add(i.itemId);
        client.track({ itemId: i.itemId, type: 'impression' });
      }
    }
  });
  state.renders++;
  document.body.dataset.recsRenders = String(state.renders);
}

async function refreshSimilar(client) {
  if (!state.focus) return;
  const focus = state.focus;
  await shelf($('#similar'), () => client.similar(focus.itemId, { k: K, explain: true }), async (r) => {
    await fill(client, $('#similar-items'), r.items, 'similar');
    $('#similar-to').textContent = focus.title.toLowerCase();
    $('#similar').hidden = false;
  });
}

async function refreshTrending(client) {
  await shelf($('#trending'), () => client.trending({ k: K, explain: true }),
    (r) => fill(client, $('#trending-items'), r.items, 'trending'));
}

async function browse(client, category) {
  state.category = category;
  document.querySelectorAll('#categories button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.category === category)));
  await shelf($('#browse'), () => client.trending({ k: 10, category, explain: true }),
    (r) => fill(client, $('#browse-items'), r.items, 'browse'));
}

async function categories(client) {
  const top = await client.trending({ k: 100 });
  const infos = await Promise.all(top.items.map((i) => entry(client, i.itemId)));
  const counts = new Map();
  infos.filter((i) => i && i.category).forEach((i) => counts.set(i.category, (counts.get(i.category) || 0) + 1));
  const cats = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([c]) => c);
  $('#categories').replaceChildren(...cats.map((c) => el('button', { type: 'button', dataset: { category: c }, onclick: () => browse(client, c) }, c)));
  return cats;
}

let refreshTimers = [];
function refreshSoon(client) {
  // the job applies an event within about a second: look again shortly, then once more
  refreshTimers.forEach(clearTimeout);
  refreshTimers = [400, 1500, 4000].map((ms) => setTimeout(() => refreshRecs(client), ms));
}

function open(client, itemId, category, title) {
  client.track({ itemId, type: 'click', category: category || undefined, context: { page: 'demo', shelf: 'card' } });
  client.flush();
  state.focus = { itemId, title };
  refreshSimilar(client);
  refreshSoon(client);
}

function addToCart(client, itemId, category) {
  client.track({ itemId, type: 'add_to_cart', category: category || undefined });
  client.flush();
  refreshSoon(client);
}

function showStatus(client) {
  const s = client.stats();
  const waiting = s.queued > 0 ? `, ${s.queued} waiting` : '';
  const lost = s.dropped + s.rejected > 0 ? `, ${s.dropped} dropped, ${s.rejected} refused` : '';
  const api = state.apiDown ? 'API unreachable, retrying' : 'live';
  $('#status').textContent = `${api} · events: ${s.accepted} accepted${waiting}${lost}`;
  $('#status').dataset.state = state.apiDown ? 'down' : 'up';
  document.body.dataset.eventsAccepted = String(s.accepted);
}

async function main() {
  const config = await json('/demo/config').catch(() => ({}));
  const endpoint = config.endpoint || location.origin;
  const getToken = () => json(new URL('/demo/token', location.origin), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId: state.userId }),
  });
  const client = createClient({
    endpoint,
    publishableKey: config.publishableKey,
    getToken,
    userId: state.userId,
    flushIntervalMs: 500,
    onError: (p) => {
      state.problems.push(p);
      if (p.type === 'network' || p.type === 'retry') state.apiDown = true;
      if (p.type !== 'network' && p.type !== 'retry') console.warn('streamrec:', p.message);
    },
  });
  window.storefront = { client, state, refresh: () => refreshRecs(client) };
  $('#user').textContent = state.userId;
  $('#new-visitor').addEventListener('click', () => {
    try { localStorage.removeItem('streamrec-demo-user'); } catch (e) { /* storage blocked */ }
    params.delete('user');
    location.search = params.toString();
  });
  setInterval(() => {
    if (state.apiDown && client.stats().queued === 0) {
      state.apiDown = false; // back: redraw what could not be refreshed meanwhile
      refreshRecs(client);
      refreshSimilar(client);
      refreshTrending(client);
    }
    showStatus(client);
  }, 500);
  showStatus(client);

  const cats = await categories(client).catch(() => []);
  await Promise.all([
    refreshRecs(client),
    refreshTrending(client),
    cats.length ? browse(client, params.get('category') || cats[0]) : Promise.resolve(),
  ]);
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  $('#status').textContent = 'the shop could not start: ' + e.message;
  document.body.dataset.ready = 'error';
});
