// Types of the streamrec browser SDK (src/streamrec.js).

export const SDK_VERSION: string;

/** An event as POST /v1/events takes it; userId, ts and eventId are filled in when missing. */
export interface TrackEvent {
  itemId: string;
  type: 'view' | 'click' | 'favorite' | 'add_to_cart' | 'remove_from_cart' | 'impression' | 'purchase' | 'rating' | string;
  userId?: string;
  /** epoch milliseconds or an ISO-8601 string; default: now */
  ts?: number | string;
  value?: number;
  category?: string;
  context?: Record<string, unknown>;
  eventId?: string;
}

export interface ScoredItem {
  itemId: string;
  score: number;
  reasons?: string[];
}

export interface Recommendations {
  userId: string;
  items: ScoredItem[];
  modelVersion: string;
  fallback: boolean;
}

export interface BuyAgainItem {
  itemId: string;
  score: number;
  /** e.g. "you buy this every ~3 weeks" */
  reasons: string[];
  /** typical days between the user's orders of the item; absent when bought in one order */
  everyDays?: number;
  /** the user's latest purchase, epoch ms; absent in a fallback list */
  lastPurchaseTs?: number;
}

export interface BuyAgain {
  userId: string;
  items: BuyAgainItem[];
  /** true: the user has no purchases (or Redis is unavailable) and the list is what is popular */
  fallback: boolean;
}

export interface SimilarItems {
  itemId: string;
  items: ScoredItem[];
  modelVersion: string;
}

export interface Trending {
  window: string;
  category?: string;
  items: ScoredItem[];
}

export interface CatalogEntry {
  itemId: string;
  title?: string;
  category?: string;
  tags: string[];
  price?: number;
  available: boolean;
  updatedAt: number;
  hasVector: boolean;
}

export interface Stats {
  /** events handed to track() */
  tracked: number;
  /** events in batches the API answered 202 */
  sent: number;
  accepted: number;
  /** events the API refused (rejected in a 202, or a 400/403/413 batch) */
  rejected: number;
  /** events dropped because the queue was full (the oldest first) */
  dropped: number;
  /** track() arguments that were not events */
  invalid: number;
  /** failed attempts that are retried */
  retries: number;
  /** events handed to navigator.sendBeacon */
  beacons: number;
  /** events waiting to be sent */
  queued: number;
}

export interface Problem {
  type: 'invalid' | 'dropped' | 'network' | 'retry' | 'unauthorized' | 'refused' | 'rejected' | 'beacon' | 'internal';
  message: string;
  status?: number;
  events?: TrackEvent[];
  rejected?: { index: number; reason: string }[];
  body?: string;
  error?: unknown;
}

export type TokenSource = () => string | { token: string; expiresAt?: number } | Promise<string | { token: string; expiresAt?: number }>;

export interface ClientOptions {
  /** base URL of the API, e.g. "https://recs.example.com" */
  endpoint: string;
  /** a publishable key (safe in a page); sent as X-API-Key */
  publishableKey?: string;
  /** a secret key: server-side code and tests only, never in a page */
  apiKey?: string;
  /** the user token (v1.<kid>.<user>.<exp>.<sig>) minted by the shop's backend */
  token?: string;
  /** asked for a token when there is none, it expires within tokenRefreshMarginSec, or the API answers 401 */
  getToken?: TokenSource;
  /** the user when there is no token (secret key only) */
  userId?: string;
  /** events per request, default 20 */
  batchSize?: number;
  /** longest wait of a partial batch, default 1000 ms */
  flushIntervalMs?: number;
  /** most events held while the API cannot be reached, default 1000 */
  maxQueue?: number;
  /** first retry delay, default 1000 ms; doubles per failure, jittered */
  initialBackoffMs?: number;
  /** longest retry delay, default 60000 ms */
  maxBackoffMs?: number;
  /** per request, default 10000 ms */
  requestTimeoutMs?: number;
  beaconMaxBytes?: number;
  tokenRefreshMarginSec?: number;
  /** told of every problem (never required; exceptions it throws are ignored) */
  onError?: (problem: Problem) => void;
  // for tests and non-browser runtimes
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (id: unknown) => void;
  window?: unknown;
  document?: unknown;
  navigator?: unknown;
}

export class StreamrecError extends Error {
  /** HTTP status; 0 for a network error or timeout */
  status: number;
  body?: unknown;
}

export class StreamrecClient {
  constructor(options: ClientOptions);
  readonly userId: string | null;
  /** Queues an event; returns at once and never throws. */
  track(event: TrackEvent): void;
  /** Sends what is queued now; resolves when sent or when an attempt failed (a retry is scheduled). Never rejects. */
  flush(): Promise<void>;
  /** Hands the queued events to navigator.sendBeacon; returns how many it took. */
  flushWithBeacon(): number;
  setToken(token: string): void;
  /** POST /v1/anonymous (publishable key): a signed anonymous visitor; the client adopts its token. */
  anonymous(): Promise<{ userId: string; token: string; expiresAt: number }>;
  stats(): Stats;
  recommendations(options?: { k?: number; category?: string; explain?: boolean; exclude?: 'seen' | 'bought' | 'none'; include?: 'repeats'; userId?: string }): Promise<Recommendations>;
  /** GET /v1/users/{userId}/buy-again: what the user is likely to reorder, with reasons. */
  buyAgain(options?: { k?: number; userId?: string }): Promise<BuyAgain>;
  similar(itemId: string, options?: { k?: number; category?: string; explain?: boolean }): Promise<SimilarItems>;
  trending(options?: { k?: number; category?: string; window?: '1h' | '24h'; explain?: boolean }): Promise<Trending>;
  item(itemId: string): Promise<CatalogEntry>;
  close(): void;
}

export function createClient(options: ClientOptions): StreamrecClient;

export function parseToken(token: string): { kid: string; userId: string; expiresAt: number } | null;
