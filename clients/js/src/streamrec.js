// streamrec browser SDK: telemetry (track) and recommendations for web pages.
// An ES module without dependencies. See ../README.md for usage and options.
// One file on purpose, though longer than our other sources: a shop imports it as it is, with no bundler or
// build step, so the queue, the transport and the reads stay together here.

export const SDK_VERSION = '0.1.0';

/** The error a read (recommendations, similar, trending, item) rejects with. */
export class StreamrecError extends Error {
  constructor(message, status, body) {
    super(message);
    this.name = 'StreamrecError';
    this.status = status; // HTTP status, 0 for a network error or timeout
    this.body = body;
  }
}

const DEFAULTS = {
  batchSize: 20, // events per POST /v1/events; a full batch is sent at once
  flushIntervalMs: 1000, // a partial batch waits at most this long
  maxQueue: 1000, // events held while the API cannot be reached; beyond it the oldest are dropped (counted)
  initialBackoffMs: 1000,
  maxBackoffMs: 60000,
  requestTimeoutMs: 10000,
  beaconMaxBytes: 60000, // sendBeacon refuses bodies over 64 KiB
  tokenRefreshMarginSec: 60,
};

const b64uDecode = (s) => {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TextDecoder().decode(bytes);
};

/**
 * The user id and expiry a user token carries (v1.<kid>.<b64u(userId)>.<exp>.<b64u(sig)>), or null when
 * the string is not such a token. Not a verification: only the API can check the signature.
 */
export function parseToken(token) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1' || !/^\d+$/.test(parts[3])) return null;
  try {
    return { kid: parts[1], userId: b64uDecode(parts[2]), expiresAt: Number(parts[3]) };
  } catch (e) {
    return null;
  }
}

/** A random event id, so that a batch sent twice (answer lost, then retried) can be told apart downstream. */
function eventId(random) {
  let s = '';
  for (let i = 0; i < 20; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)];
  return 'js-' + s;
}

/** Seconds of a Retry-After header (delta-seconds or an HTTP date), or null. */
function retryAfterMs(response, now) {
  const v = response && response.headers && response.headers.get && response.headers.get('Retry-After');
  if (v == null || v === '') return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? null : Math.max(0, date - now());
}

/**
 * The client. Create one per page with {@link createClient}.
 *
 * Telemetry never throws and never waits: track() queues, a timer sends; failures are retried with
 * exponential backoff (Retry-After honoured on 429 and 503), the queue is bounded and every event that
 * leaves it without being accepted is counted in stats() and reported to onError.
 */
export class StreamrecClient {
  constructor(options = {}) {
    const o = { ...DEFAULTS, ...options };
    if (typeof o.endpoint !== 'string' || o.endpoint === '') {
      throw new TypeError('streamrec: options.endpoint is required (e.g. "https://api.example.com")');
    }
    this.endpoint = o.endpoint.replace(/\/+$/, '');
    this.options = o;
    this.publishableKey = o.publishableKey || null;
    this.apiKey = o.apiKey || null; // a secret key: server-side and tests only, never in a page
    this.token = o.token || null;
    this.userId = o.userId || null;
    this.getToken = typeof o.getToken === 'function' ? o.getToken : null;
    const g = typeof globalThis !== 'undefined' ? globalThis : {};
    this.fetch = o.fetch || (g.fetch ? g.fetch.bind(g) : null);
    this.setTimeout = o.setTimeout || g.setTimeout.bind(g);
    this.clearTimeout = o.clearTimeout || g.clearTimeout.bind(g);
    this.now = o.now || Date.now;
    this.random = o.random || Math.random;
    this.navigator = o.navigator !== undefined ? o.navigator : g.navigator;
    this.onError = typeof o.onError === 'function' ? o.onError : null;

    this.queue = [];
    this.inFlight = null; // the batch being sent, still counted as queued
    this.timer = null;
    this.timerDue = Infinity;
    this.failures = 0; // consecutive failed attempts: the backoff exponent
    this.retryAt = 0; // no attempt before this time (backoff, Retry-After)
    this.closed = false;
    this.tokenPromise = null;
    this.counters = {
      tracked: 0, // events handed to track()
      sent: 0, // events in batches the API answered 202 (fetch or beacon)
      accepted: 0, // of those, the events the API accepted
      rejected: 0, // events the API refused: rejected in a 202, or a 400/403/413 batch
      dropped: 0, // events dropped because the queue was full (the oldest go first)
      invalid: 0, // track() arguments that were not events (never sent)
      retries: 0, // failed attempts that will be retried (network error, timeout, 5xx, 429, 401)
      beacons: 0, // events handed to navigator.sendBeacon
    };

    this.token && this.adoptToken(this.token);
    this.listen(o.window !== undefined ? o.window : g.window, o.document !== undefined ? o.document : g.document);
  }

  adoptToken(token) {
    this.token = token;
    const t = parseToken(token);
    this.tokenInfo = t;
    if (t) this.userId = t.userId; // the token's user is the only one the API lets this page speak for
  }

  listen(win, doc) {
    this.detach = () => {};
    if (!win || typeof win.addEventListener !== 'function') return;
    const onHidden = () => {
      if (!doc || doc.visibilityState === 'hidden') this.safely(() => this.flushWithBeacon());
    };
    const onPageHide = () => this.safely(() => this.flushWithBeacon());
    const onOnline = () => this.safely(() => { this.retryAt = 0; this.schedule(0); });
    (doc && typeof doc.addEventListener === 'function' ? doc : win).addEventListener('visibilitychange', onHidden);
    win.addEventListener('pagehide', onPageHide);
    win.addEventListener('online', onOnline);
    this.detach = () => {
      (doc && typeof doc.removeEventListener === 'function' ? doc : win).removeEventListener('visibilitychange', onHidden);
      win.removeEventListener('pagehide', onPageHide);
      win.removeEventListener('online', onOnline);
    };
  }

  safely(fn) {
    try {
      return fn();
    } catch (e) {
      this.report({ type: 'internal', message: String(e && e.message || e), error: e });
      return undefined;
    }
  }

  report(problem) {
    if (!this.onError) return;
    try {
      this.onError(problem);
    } catch (e) {
      // the page's handler failed; nothing to do
    }
  }

  /** Counters since the client was created, and how many events wait. */
  stats() {
    return { ...this.counters, queued: this.queue.length };
  }

  /**
   * Queues one event: {itemId, type, userId?, ts?, value?, category?, context?, eventId?}. userId defaults
   * to the token's user, ts to now, eventId to a random id. Returns at once; never throws.
   */
  track(event) {
    return this.safely(() => {
      this.counters.tracked++;
      if (this.closed || event === null || typeof event !== 'object' || Array.isArray(event)
          || typeof event.type !== 'string' || (event.itemId != null && typeof event.itemId !== 'string')) {
        this.counters.invalid++;
        this.report({ type: 'invalid', message: 'track() needs an object with a string type and itemId', event });
        return;
      }
      const e = { ...event };
      if (e.userId == null && this.userId) e.userId = this.userId;
      if (e.ts == null) e.ts = this.now();
      if (e.eventId == null) e.eventId = eventId(this.random);
      this.queue.push(e);
      if (this.queue.length > this.options.maxQueue) {
        // never drop the batch being sent: it leaves the queue when the API answers
        const at = this.inFlight ? this.inFlight.length : 0;
        const lost = this.queue.splice(at, this.queue.length - this.options.maxQueue);
        this.counters.dropped += lost.length;
        this.report({ type: 'dropped', message: `queue full (${this.options.maxQueue}): dropped ${lost.length} event(s)`, events: lost });
      }
      this.schedule(this.queue.length >= this.options.batchSize ? 0 : this.options.flushIntervalMs);
    });
  }

  /** Sets a timer to send in `delay` ms (or at retryAt, whichever is later) unless one is due sooner. */
  schedule(delay) {
    if (this.closed || this.queue.length === 0) return;
    const due = Math.max(this.now() + delay, this.retryAt);
    if (this.timer !== null && this.timerDue <= due) return;
    if (this.timer !== null) this.clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = this.setTimeout(() => {
      this.timer = null;
      this.timerDue = Infinity;
      this.sendNext().catch((e) => this.report({ type: 'internal', message: String(e), error: e }));
    }, Math.max(0, due - this.now()));
  }

  /**
   * Sends what is queued now (in batches) and resolves when the queue is empty or an attempt failed
   * (then the retry is scheduled). Never rejects.
   */
  async flush() {
    try {
      for (;;) {
        if (this.inFlight) {
          await this.inFlightPromise;
          continue;
        }
        if (this.queue.length === 0 || !(await this.sendNext(true))) break;
      }
    } catch (e) {
      this.report({ type: 'internal', message: String(e), error: e });
    }
  }

  /** One attempt at the oldest batch. Resolves true when the batch left the queue (sent or refused). */
  async sendNext(ignoreBackoff = false) {
    if (this.inFlight || this.queue.length === 0) return false;
    if (!ignoreBackoff && this.now() < this.retryAt) {
      this.schedule(0);
      return false;
    }
    const batch = this.queue.slice(0, this.options.batchSize);
    this.inFlight = batch;
    let done;
    this.inFlightPromise = new Promise((r) => { done = r; });
    let left = false;
    try {
      left = await this.attempt(batch);
    } finally {
      this.inFlight = null;
      done();
    }
    if (left) {
      this.failures = 0;
      this.retryAt = 0;
      this.schedule(this.queue.length >= this.options.batchSize ? 0 : this.options.flushIntervalMs);
    } else {
      this.schedule(0); // at retryAt
    }
    return left;
  }

  backoff(minMs) {
    this.failures++;
    const exp = Math.min(this.options.maxBackoffMs, this.options.initialBackoffMs * 2 ** (this.failures - 1));
    const jittered = exp / 2 + this.random() * exp / 2; // spread clients that failed together
    this.retryAt = this.now() + Math.max(minMs || 0, jittered);
    this.counters.retries++;
  }

  removeFromQueue(batch) {
    // the batch is at the head unless it was dropped meanwhile (it is not: drops skip the in-flight batch)
    let n = 0;
    while (n < batch.length && this.queue[n] === batch[n]) n++;
    this.queue.splice(0, n);
  }

  async attempt(batch) {
    let response;
    try {
      await this.freshToken();
      response = await this.request('POST', '/v1/events', batch);
    } catch (e) {
      this.backoff();
      this.report({ type: 'network', message: `events not sent, retrying: ${e && e.message || e}`, error: e });
      return false;
    }
    const s = response.status;
    if (s === 202 || s === 200) {
      const body = await response.json().catch(() => ({}));
      this.removeFromQueue(batch);
      this.counters.sent += batch.length;
      const rejected = Array.isArray(body.rejected) ? body.rejected : [];
      this.counters.accepted += typeof body.accepted === 'number' ? body.accepted : batch.length - rejected.length;
      if (rejected.length > 0) {
        this.counters.rejected += rejected.length;
        this.report({ type: 'rejected', message: `${rejected.length} event(s) rejected`, rejected,
          events: rejected.map((r) => batch[r.index]) });
      }
      return true;
    }
    const text = await response.text().catch(() => '');
    if (s === 401 && this.getToken) {
      this.token = null; // expired or revoked: ask the page's backend for a new one, then retry
      this.backoff();
      this.report({ type: 'unauthorized', status: s, message: 'token refused, fetching a new one', body: text });
      return false;
    }
    if (s === 429 || s === 408 || s >= 500 || s === 401) {
      // 401 without getToken: the page may set a new token with setToken(); keep the events meanwhile
      this.backoff(retryAfterMs(response, this.now));
      this.report({ type: 'retry', status: s, message: `events not accepted (${s}), retrying`, body: text });
      return false;
    }
    // 400, 403, 413: retrying the same batch cannot help
    this.removeFromQueue(batch);
    this.counters.rejected += batch.length;
    this.report({ type: 'refused', status: s, message: `events refused (${s}): ${text}`, events: batch, body: text });
    return true;
  }

  /** Replaces the user token (e.g. after login); later events and reads use it. */
  setToken(token) {
    this.safely(() => {
      this.adoptToken(token);
      this.retryAt = 0;
      this.schedule(0);
    });
  }

  /** A token valid for at least tokenRefreshMarginSec more seconds, from getToken when needed. */
  async freshToken() {
    if (!this.getToken) return this.token;
    const exp = this.tokenInfo && this.tokenInfo.expiresAt;
    const stale = !this.token || (exp && exp * 1000 - this.options.tokenRefreshMarginSec * 1000 <= this.now());
    if (!stale) return this.token;
    if (!this.tokenPromise) {
      this.tokenPromise = Promise.resolve().then(() => this.getToken()).then((t) => {
        const token = t && typeof t === 'object' ? t.token : t;
        if (typeof token !== 'string' || token === '') throw new Error('getToken() gave no token');
        this.adoptToken(token);
        return token;
      }).finally(() => { this.tokenPromise = null; });
    }
    return this.tokenPromise;
  }

  headers(body) {
    const h = {};
    if (body !== undefined) h['Content-Type'] = 'application/json';
    const key = this.apiKey || this.publishableKey;
    if (key) h['X-API-Key'] = key;
    if (this.token) h.Authorization = 'Bearer ' + this.token;
    return h;
  }

  async request(method, path, body) {
    if (!this.fetch) throw new Error('no fetch() in this environment');
    const Abort = typeof AbortController !== 'undefined' ? AbortController : null;
    const abort = Abort ? new Abort() : null;
    const t = abort ? this.setTimeout(() => abort.abort(), this.options.requestTimeoutMs) : null;
    try {
      return await this.fetch(this.endpoint + path, {
        method,
        headers: this.headers(body),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: abort ? abort.signal : undefined,
        credentials: 'omit',
        keepalive: method === 'POST' && body !== undefined && JSON.stringify(body).length < 60000,
      });
    } finally {
      if (t !== null) this.clearTimeout(t);
    }
  }

  /**
   * Sends every queued event that is not already being sent with navigator.sendBeacon (the page is being
   * hidden or left: timers may never fire again). Falls back to fetch with keepalive. Events the browser
   * refuses to queue stay in the queue.
   */
  flushWithBeacon() {
    const start = this.inFlight ? this.inFlight.length : 0;
    const pending = this.queue.slice(start);
    if (pending.length === 0) return 0;
    const nav = this.navigator;
    let handed = 0;
    let chunk = [];
    const sendChunk = () => {
      if (chunk.length === 0) return true;
      let ok = false;
      const payload = JSON.stringify({ key: this.publishableKey, token: this.token || undefined, events: chunk });
      if (!this.publishableKey) {
        // a secret key never travels in a body: a keepalive fetch can still set the headers
        if (this.fetch) {
          try {
            Promise.resolve(this.fetch(this.endpoint + '/v1/events', { method: 'POST', keepalive: true,
              headers: this.headers(chunk), body: JSON.stringify(chunk), credentials: 'omit' })).catch(() => {});
            ok = true;
          } catch (e) {
            ok = false; // stays queued
          }
        }
      } else if (nav && typeof nav.sendBeacon === 'function') {
        // text/plain: a CORS-safelisted type, so no preflight (which a beacon cannot wait for)
        const data = typeof Blob !== 'undefined' ? new Blob([payload], { type: 'text/plain;charset=UTF-8' }) : payload;
        ok = nav.sendBeacon(this.endpoint + '/v1/events/beacon', data);
      } else if (this.fetch) {
        try {
          Promise.resolve(this.fetch(this.endpoint + '/v1/events/beacon', { method: 'POST', body: payload, keepalive: true,
            headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, credentials: 'omit' })).catch(() => {});
          ok = true;
        } catch (e) {
          ok = false;
        }
      }
      if (ok) {
        const sentSet = new Set(chunk);
        this.queue = this.queue.filter((e) => !sentSet.has(e));
        this.counters.beacons += chunk.length;
        handed += chunk.length;
      }
      chunk = [];
      return ok;
    };
    let bytes = 0;
    for (const e of pending) {
      const size = JSON.stringify(e).length + 1;
      if (chunk.length > 0 && (bytes + size > this.options.beaconMaxBytes || chunk.length >= 500)) {
        if (!sendChunk()) break;
        bytes = 0;
      }
      chunk.push(e);
      bytes += size;
    }
    if (chunk.length > 0) sendChunk();
    if (handed < pending.length) {
      this.report({ type: 'beacon', message: `the browser did not take ${pending.length - handed} event(s) for a beacon; they stay queued` });
    }
    return handed;
  }

  async read(path, query) {
    const qs = Object.entries(query || {}).filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(String(v))).join('&');
    const url = path + (qs ? '?' + qs : '');
    for (let attempt = 0; ; attempt++) {
      await this.freshToken().catch(() => null);
      let response;
      try {
        response = await this.request('GET', url);
      } catch (e) {
        throw new StreamrecError(`GET ${path}: ${e && e.message || e}`, 0);
      }
      if (response.ok) return response.json();
      const text = await response.text().catch(() => '');
      let body = text;
      try { body = JSON.parse(text); } catch (e) { /* not JSON */ }
      if (response.status === 401 && this.getToken && attempt === 0) {
        this.token = null;
        continue;
      }
      throw new StreamrecError(`GET ${path}: ${response.status} ${body && body.detail || text}`, response.status, body);
    }
  }

  /**
   * POST /v1/anonymous with the publishable key: a signed id for a visitor who is not logged in,
   * {userId: "anon-…", token, expiresAt}. The client adopts the token; keep the answer (e.g. in
   * localStorage) and pass its token next time so the visitor stays the same user.
   */
  async anonymous() {
    let response;
    try {
      response = await this.request('POST', '/v1/anonymous', {});
    } catch (e) {
      throw new StreamrecError(`POST /v1/anonymous: ${e && e.message || e}`, 0);
    }
    const text = await response.text().catch(() => '');
    let body = text;
    try { body = JSON.parse(text); } catch (e) { /* not JSON */ }
    if (!response.ok || !body || typeof body.token !== 'string') {
      throw new StreamrecError(`POST /v1/anonymous: ${response.status} ${body && body.detail || text}`, response.status, body);
    }
    this.setToken(body.token);
    return body;
  }

  /**
   * GET /v1/users/{userId}/recommendations: {userId, items: [{itemId, score, reasons?}], modelVersion, fallback}.
   * include: 'repeats' puts what the user is likely to buy again first.
   */
  async recommendations({ k, category, explain = true, exclude, include, userId } = {}) {
    await this.freshToken().catch(() => null);
    const user = userId || this.userId;
    if (!user) throw new StreamrecError('recommendations: no user (give a token, getToken or userId)', 0);
    return this.read(`/v1/users/${encodeURIComponent(user)}/recommendations`, { k, category, explain, exclude, include });
  }

  /**
   * GET /v1/users/{userId}/buy-again: {userId, items: [{itemId, score, reasons, everyDays?, lastPurchaseTs?}], fallback}.
   */
  async buyAgain({ k, userId } = {}) {
    await this.freshToken().catch(() => null);
    const user = userId || this.userId;
    if (!user) throw new StreamrecError('buyAgain: no user (give a token, getToken or userId)', 0);
    return this.read(`/v1/users/${encodeURIComponent(user)}/buy-again`, { k });
  }

  /** GET /v1/items/{itemId}/similar. */
  similar(itemId, { k, category, explain = true } = {}) {
    return this.read(`/v1/items/${encodeURIComponent(itemId)}/similar`, { k, category, explain });
  }

  /** GET /v1/trending. */
  trending({ k, category, window, explain = true } = {}) {
    return this.read('/v1/trending', { k, category, window, explain });
  }

  /** GET /v1/items/{itemId}: the catalogue entry (title, category, price, ...). */
  item(itemId) {
    return this.read(`/v1/items/${encodeURIComponent(itemId)}`);
  }

  /** Hands what is queued to a beacon, stops timers and listeners. Later track() calls are counted invalid. */
  close() {
    this.safely(() => {
      this.flushWithBeacon();
      this.closed = true;
      if (this.timer !== null) this.clearTimeout(this.timer);
      this.timer = null;
      this.detach();
    });
  }
}

/** Creates a client; see StreamrecClient for the options. */
export function createClient(options) {
  return new StreamrecClient(options);
}
