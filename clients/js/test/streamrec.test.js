// Unit behaviour of the SDK with a fake clock, a fake fetch and fake page events (node --test, no deps).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createClient, parseToken, StreamrecError } from '../src/streamrec.js';

const b64u = (s) => Buffer.from(s, 'utf8').toString('base64url');
const tokenFor = (user, exp = 4_000_000_000) => `v1.k1.${b64u(user)}.${exp}.${b64u('signature')}`;

/** A clock and timers that only move when the test says so. */
function fakeTime(start = 1_700_000_000_000) {
  let now = start;
  let seq = 0;
  const timers = [];
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  };
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.push({ id: ++seq, at: now + Math.max(0, ms || 0), fn });
      return seq;
    },
    clearTimeout: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    settle,
    /** Runs every timer due within `ms`, in order, letting promises settle after each. */
    async advance(ms) {
      const end = now + ms;
      await settle();
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.id - b.id);
        const t = timers[0];
        if (!t || t.at > end) break;
        timers.shift();
        now = t.at;
        t.fn();
        await settle();
      }
      now = end;
    },
  };
}

/** A fetch that records requests and answers with what `answer(call, n)` gives (a Response, or throws). */
function fakeFetch(answer) {
  const calls = [];
  const fetch = async (url, init = {}) => {
    const call = { url, method: init.method || 'GET', headers: init.headers || {},
      body: init.body === undefined ? undefined : JSON.parse(init.body), at: time && time.now() };
    calls.push(call);
    return answer(call, calls.length);
  };
  let time = null;
  fetch.calls = calls;
  fetch.withTime = (t) => { time = t; return fetch; };
  return fetch;
}

const accepted = (call) => new Response(JSON.stringify({ accepted: call.body.length, rejected: [] }), { status: 202 });

function client(time, fetch, options = {}) {
  return createClient({
    endpoint: 'http://api.test/', publishableKey: 'pk_test', token: tokenFor('alice'),
    fetch, now: time.now, setTimeout: time.setTimeout, clearTimeout: time.clearTimeout, random: () => 0.5,
    window: null, document: null, navigator: null, ...options,
  });
}

const view = (i) => ({ itemId: 'item-' + i, type: 'view' });
const sentItems = (fetch) => fetch.calls.filter((c) => c.method === 'POST').flatMap((c) => c.body.map((e) => e.itemId));

test('parseToken reads the user and expiry of a v1 token and refuses anything else', () => {
  assert.deepEqual(parseToken(tokenFor('anon-ü/1', 1_800_000_000)), { kid: 'k1', userId: 'anon-ü/1', expiresAt: 1_800_000_000 });
  assert.equal(parseToken('v2.k1.YQ.1.c2'), null);
  assert.equal(parseToken('v1.k1.YQ.soon.c2'), null);
  assert.equal(parseToken(undefined), null);
});

test('a full batch goes at once, the rest after the flush interval, with key, token and filled-in fields', async () => {
  const time = fakeTime();
  const fetch = fakeFetch(accepted).withTime(time);
  const c = client(time, fetch, { batchSize: 3, flushIntervalMs: 1000 });
  for (let i = 0; i < 7; i++) c.track(view(i));
  await time.advance(0);
  assert.equal(fetch.calls.length, 2, 'two full batches at once');
  assert.deepEqual(fetch.calls.map((x) => x.body.length), [3, 3]);
  await time.advance(999);
  assert.equal(fetch.calls.length, 2, 'the partial batch waits for the interval');
  await time.advance(1);
  assert.equal(fetch.calls.length, 3);
  assert.deepEqual(sentItems(fetch), ['item-0', 'item-1', 'item-2', 'item-3', 'item-4', 'item-5', 'item-6']);

  const first = fetch.calls[0];
  assert.equal(first.url, 'http://api.test/v1/events');
  assert.equal(first.headers['X-API-Key'], 'pk_test');
  assert.equal(first.headers.Authorization, 'Bearer ' + tokenFor('alice'));
  assert.equal(first.headers['Content-Type'], 'application/json');
  const e = first.body[0];
  assert.equal(e.userId, 'alice', 'the token\'s user');
  assert.equal(e.ts, time.now() - 1000, 'the time of track()');
  assert.match(e.eventId, /^js-[a-z0-9]{20}$/);
  assert.deepEqual(c.stats(), { tracked: 7, sent: 7, accepted: 7, rejected: 0, dropped: 0, invalid: 0, retries: 0, beacons: 0, queued: 0 });
});

test('5xx and network errors are retried with growing backoff until the events are accepted', async () => {
  const time = fakeTime();
  const fetch = fakeFetch((call, n) => {
    if (n === 1) throw new TypeError('Failed to fetch');
    if (n <= 3) return new Response('{"title":"Service Unavailable"}', { status: 503 });
    return accepted(call);
  }).withTime(time);
  const problems = [];
  const c = client(time, fetch, { initialBackoffMs: 1000, onError: (p) => problems.push(p.type) });
  c.track(view(1));
  c.track(view(2));
  await time.advance(1000);
  assert.equal(fetch.calls.length, 1);
  await time.advance(60_000);
  assert.equal(fetch.calls.length, 4, 'retried until accepted, then no more requests');
  const gaps = fetch.calls.slice(1).map((x, i) => x.at - fetch.calls[i].at);
  assert.ok(gaps[0] >= 500, `first retry after half the initial backoff at least (${gaps})`);
  assert.ok(gaps[1] > gaps[0] && gaps[2] > gaps[1], `backoff grows (${gaps})`);
  assert.deepEqual(fetch.calls.map((x) => x.body.map((e) => e.eventId)), Array(4).fill(fetch.calls[0].body.map((e) => e.eventId)),
    'the same events, with the same ids, each time');
  assert.deepEqual(problems, ['network', 'retry', 'retry']);
  assert.equal(c.stats().retries, 3);
  assert.equal(c.stats().accepted, 2);
  assert.equal(c.stats().queued, 0);
});

test('429 and 503 wait at least Retry-After seconds', async () => {
  const time = fakeTime();
  const fetch = fakeFetch((call, n) => n === 1
    ? new Response('{"title":"Too Many Requests"}', { status: 429, headers: { 'Retry-After': '7' } })
    : accepted(call)).withTime(time);
  const c = client(time, fetch);
  c.track(view(1));
  await time.advance(1000);
  assert.equal(fetch.calls.length, 1);
  c.track(view(2)); // a new event does not hurry the retry
  await time.advance(6_999);
  assert.equal(fetch.calls.length, 1, 'not before Retry-After');
  await time.advance(1);
  assert.equal(fetch.calls.length, 2);
  assert.deepEqual(sentItems(fetch), ['item-1', 'item-1', 'item-2']);
  assert.equal(c.stats().queued, 0);
});

test('a full queue drops the oldest events, counts them and says so', async () => {
  const time = fakeTime();
  let up = false;
  const fetch = fakeFetch((call) => { if (!up) throw new TypeError('offline'); return accepted(call); }).withTime(time);
  const dropped = [];
  const c = client(time, fetch, { maxQueue: 5, onError: (p) => p.type === 'dropped' && dropped.push(...p.events.map((e) => e.itemId)) });
  for (let i = 0; i < 8; i++) c.track(view(i));
  assert.equal(c.stats().dropped, 3);
  assert.equal(c.stats().queued, 5);
  assert.deepEqual(dropped, ['item-0', 'item-1', 'item-2']);
  await time.advance(5_000); // still offline
  up = true;
  await time.advance(120_000);
  assert.deepEqual([...new Set(sentItems(fetch))], ['item-3', 'item-4', 'item-5', 'item-6', 'item-7']);
  const s = c.stats();
  assert.equal(s.accepted + s.dropped, s.tracked, 'every event is accepted or counted as dropped');
});

test('the batch being sent is never dropped for a full queue', async () => {
  const time = fakeTime();
  let release;
  const fetch = fakeFetch((call) => new Promise((r) => { release = () => r(accepted(call)); })).withTime(time);
  const c = client(time, fetch, { maxQueue: 3, batchSize: 2 });
  c.track(view(0));
  c.track(view(1)); // a full batch: in flight
  await time.advance(0);
  for (let i = 2; i < 6; i++) c.track(view(i));
  assert.equal(c.stats().dropped, 3);
  release();
  await time.advance(10_000);
  assert.deepEqual(sentItems(fetch), ['item-0', 'item-1', 'item-5']);
});

function fakePage() {
  const listeners = {};
  const target = {
    addEventListener: (type, fn) => (listeners[type] ||= []).push(fn),
    removeEventListener: (type, fn) => { listeners[type] = (listeners[type] || []).filter((f) => f !== fn); },
    fire: (type) => (listeners[type] || []).forEach((fn) => fn({ type })),
  };
  const document = { ...target, visibilityState: 'visible' };
  const beacons = [];
  let accept = true;
  const navigator = { sendBeacon: (url, data) => { beacons.push({ url, data }); return accept; } };
  return { window: target, document, navigator, beacons, refuse: () => { accept = false; } };
}

test('hiding the page hands the queued events to sendBeacon as text/plain with key and token', async () => {
  const time = fakeTime();
  const fetch = fakeFetch(accepted).withTime(time);
  const page = fakePage();
  const c = client(time, fetch, page);
  c.track(view(1));
  c.track(view(2));
  page.document.fire('visibilitychange'); // still visible: nothing
  assert.equal(page.beacons.length, 0);
  page.document.visibilityState = 'hidden';
  page.document.fire('visibilitychange');
  assert.equal(page.beacons.length, 1);
  const { url, data } = page.beacons[0];
  assert.equal(url, 'http://api.test/v1/events/beacon');
  assert.equal(data.type, 'text/plain;charset=utf-8');
  const body = JSON.parse(await data.text());
  assert.equal(body.key, 'pk_test');
  assert.equal(body.token, tokenFor('alice'));
  assert.deepEqual(body.events.map((e) => e.itemId), ['item-1', 'item-2']);
  assert.equal(c.stats().beacons, 2);
  assert.equal(c.stats().queued, 0);
  await time.advance(10_000);
  assert.equal(fetch.calls.length, 0, 'not sent twice');

  c.track(view(3));
  page.window.fire('pagehide');
  assert.equal(page.beacons.length, 2);
  assert.deepEqual(JSON.parse(await page.beacons[1].data.text()).events.map((e) => e.itemId), ['item-3']);
});

test('events the browser refuses to beacon stay queued and are sent later', async () => {
  const time = fakeTime();
  const fetch = fakeFetch(accepted).withTime(time);
  const page = fakePage();
  const c = client(time, fetch, page);
  page.refuse();
  c.track(view(1));
  page.window.fire('pagehide');
  assert.equal(c.stats().queued, 1);
  assert.equal(c.stats().beacons, 0);
  await time.advance(1000); // the page came back (bfcache): the timer sends it
  assert.deepEqual(sentItems(fetch), ['item-1']);
});

test('large queues go out in several beacons under the size limit', () => {
  const time = fakeTime();
  const page = fakePage();
  const c = client(time, fakeFetch(accepted), { ...page, beaconMaxBytes: 1000 });
  for (let i = 0; i < 30; i++) c.track(view(i));
  page.window.fire('pagehide');
  assert.ok(page.beacons.length > 1);
  assert.ok(page.beacons.every((b) => b.data.size < 1300));
  assert.equal(c.stats().beacons, 30);
});

test('nothing throws into the page: bad arguments, a failing fetch, a failing onError', async () => {
  const time = fakeTime();
  const fetch = () => { throw new Error('boom'); };
  const c = client(time, fetch, { onError: () => { throw new Error('page handler bug'); } });
  assert.doesNotThrow(() => {
    c.track(null);
    c.track('view');
    c.track({ itemId: 5, type: 'view' });
    c.track([view(1)]);
    c.track(view(1));
  });
  assert.equal(c.stats().invalid, 4);
  await time.advance(5_000);
  await assert.doesNotReject(c.flush());
  assert.equal(c.stats().queued, 1, 'kept for later');
  assert.ok(c.stats().retries >= 1);
});

test('a refused batch (400/403) is not retried and is counted; rejected events in a 202 are counted', async () => {
  const time = fakeTime();
  const fetch = fakeFetch((call, n) => n === 1
    ? new Response('{"title":"Forbidden","status":403,"detail":"event type purchase not allowed"}', { status: 403 })
    : new Response(JSON.stringify({ accepted: 1, rejected: [{ index: 1, reason: 'itemId: required' }] }), { status: 202 })).withTime(time);
  const problems = [];
  const c = client(time, fetch, { onError: (p) => problems.push(p) });
  c.track({ itemId: 'x', type: 'purchase' });
  await time.advance(1000);
  c.track(view(1));
  c.track({ itemId: '', type: 'view' });
  await time.advance(60_000);
  assert.equal(fetch.calls.length, 2);
  assert.deepEqual(problems.map((p) => p.type), ['refused', 'rejected']);
  assert.equal(problems[1].events[0].itemId, '');
  assert.deepEqual(c.stats(), { tracked: 3, sent: 2, accepted: 1, rejected: 2, dropped: 0, invalid: 0, retries: 0, beacons: 0, queued: 0 });
});

test('401 asks getToken for a new token and resends with it; an expiring token is renewed first', async () => {
  const time = fakeTime();
  const fetch = fakeFetch((call) => call.headers.Authorization === 'Bearer ' + tokenFor('bob', 9_000_000_000)
    ? accepted(call) : new Response('{"title":"Unauthorized"}', { status: 401 })).withTime(time);
  let asked = 0;
  const c = client(time, fetch, { token: tokenFor('bob', 1), getToken: async () => { asked++; return { token: tokenFor('bob', 9_000_000_000) }; } });
  c.track(view(1));
  await time.advance(1000);
  assert.equal(asked, 1, 'the expired token was renewed before sending');
  assert.equal(fetch.calls.length, 1);
  assert.equal(c.stats().accepted, 1);

  const revoked = fakeFetch((call, n) => n === 1 ? new Response('{}', { status: 401 }) : accepted(call)).withTime(time);
  let next = 0;
  const d = client(time, revoked, { token: tokenFor('carol'), getToken: () => tokenFor('carol', 5_000_000_000 + ++next) });
  d.track(view(2));
  await time.advance(60_000);
  assert.equal(revoked.calls.length, 2);
  assert.equal(revoked.calls[1].headers.Authorization, 'Bearer ' + tokenFor('carol', 5_000_000_001));
  assert.equal(d.stats().accepted, 1);
});

test('recommendations ask for the token\'s user with k, category and reasons', async () => {
  const time = fakeTime();
  const body = { userId: 'alice', items: [{ itemId: 'a', score: 1, reasons: ['trending'] }], modelVersion: 'm', fallback: false };
  const fetch = fakeFetch(() => new Response(JSON.stringify(body), { status: 200 })).withTime(time);
  const c = client(time, fetch);
  assert.deepEqual(await c.recommendations({ k: 8, category: 'bag & box' }), body);
  const call = fetch.calls[0];
  assert.equal(call.url, 'http://api.test/v1/users/alice/recommendations?k=8&category=bag%20%26%20box&explain=true');
  assert.equal(call.method, 'GET');
  assert.equal(call.headers.Authorization, 'Bearer ' + tokenFor('alice'));
  assert.equal(call.headers['Content-Type'], undefined, 'a GET without a body');
  await c.similar('a/1', { k: 4 });
  await c.trending({ k: 3 });
  await c.item('a');
  await c.recommendations({ k: 2, include: 'repeats' });
  await c.buyAgain({ k: 6 });
  assert.deepEqual(fetch.calls.slice(1).map((x) => x.url), [
    'http://api.test/v1/items/a%2F1/similar?k=4&explain=true',
    'http://api.test/v1/trending?k=3&explain=true',
    'http://api.test/v1/items/a',
    'http://api.test/v1/users/alice/recommendations?k=2&explain=true&include=repeats',
    'http://api.test/v1/users/alice/buy-again?k=6']);
  assert.equal(fetch.calls[5].headers.Authorization, 'Bearer ' + tokenFor('alice'));
});

test('reads fail with a StreamrecError the page can catch when the API is down or says no', async () => {
  const time = fakeTime();
  const down = client(time, () => Promise.reject(new TypeError('Failed to fetch')));
  await assert.rejects(down.recommendations({ k: 5 }), (e) => e instanceof StreamrecError && e.status === 0);
  const forbidden = client(time, fakeFetch(() => new Response('{"detail":"not your user"}', { status: 403 })));
  await assert.rejects(forbidden.recommendations(), (e) => e instanceof StreamrecError && e.status === 403 && /not your user/.test(e.message));
  const anonymous = client(time, fakeFetch(accepted), { token: null });
  await assert.rejects(anonymous.recommendations(), /no user/);
});

test('anonymous() asks for a signed visitor id with the publishable key and uses its token', async () => {
  const time = fakeTime();
  const anon = { userId: 'anon-7f3a', token: tokenFor('anon-7f3a'), expiresAt: 4_000_000_000 };
  const fetch = fakeFetch((call) => call.url.endsWith('/v1/anonymous')
    ? new Response(JSON.stringify(anon), { status: 200 }) : accepted(call)).withTime(time);
  const c = client(time, fetch, { token: null });
  assert.deepEqual(await c.anonymous(), anon);
  assert.equal(fetch.calls[0].method, 'POST');
  assert.equal(fetch.calls[0].headers['X-API-Key'], 'pk_test');
  assert.equal(fetch.calls[0].headers.Authorization, undefined);
  c.track(view(1));
  await time.advance(1000);
  assert.equal(fetch.calls[1].headers.Authorization, 'Bearer ' + anon.token);
  assert.equal(fetch.calls[1].body[0].userId, 'anon-7f3a');
  const refused = client(time, fakeFetch(() => new Response('{"detail":"origin not allowed"}', { status: 403 })), { token: null });
  await assert.rejects(refused.anonymous(), (e) => e instanceof StreamrecError && e.status === 403);
});

test('without a publishable key the page-hide path uses a keepalive fetch with headers, never a key in a body', async () => {
  const time = fakeTime();
  const fetch = fakeFetch(accepted).withTime(time);
  const page = fakePage();
  const c = client(time, fetch, { ...page, publishableKey: undefined, apiKey: 'sk_secret_write_key' });
  c.track(view(1));
  page.window.fire('pagehide');
  await time.settle();
  assert.equal(page.beacons.length, 0);
  assert.equal(fetch.calls.length, 1);
  assert.equal(fetch.calls[0].url, 'http://api.test/v1/events');
  assert.equal(fetch.calls[0].headers['X-API-Key'], 'sk_secret_write_key');
  assert.deepEqual(fetch.calls[0].body.map((e) => e.itemId), ['item-1']);
  assert.equal(c.stats().queued, 0);
});
