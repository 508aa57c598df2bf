/* tslint:disable */
/* eslint-disable */
/**
 * 
 * @export
 * @interface ApiError
 */
export interface ApiError {
    /**
     * 
     */
    detail?: string;
    /**
     * 
     */
    rejected?: Array<ApiErrorRejected>;
    /**
     * 
     */
    status: number;
    /**
     * 
     */
    title?: string;
}
/**
 * 
 * @export
 * @interface ApiErrorRejected
 */
export interface ApiErrorRejected {
    /**
     * 
     */
    index: number;
    /**
     * 
     */
    reason?: string;
}
/**
 * 
 * @export
 * @interface BeaconBody
 */
export interface BeaconBody {
    /**
     * up to api.max-batch events of that user
     */
    events: Array<EventSchema>;
    /**
     * a publishable key (api.publishable-keys)
     */
    key: string;
    /**
     * a user token for the events' user
     */
    token: string;
}
/**
 * 
 * @export
 * @interface BlendView
 */
export interface BlendView {
    /**
     * 
     */
    blend?: string;
    /**
     * 
     */
    segments?: Array<BlendViewSegment>;
    /**
     * 
     */
    signals?: Array<string>;
    /**
     * 
     */
    version: number;
}
/**
 * 
 * @export
 * @interface BlendViewSegment
 */
export interface BlendViewSegment {
    /**
     * 
     */
    segment?: string;
    /**
     * 
     */
    steps: number;
    /**
     * 
     */
    weights?: { [key: string]: number; };
}
/**
 * 
 * @export
 * @interface BuyAgainItem
 */
export interface BuyAgainItem {
    /**
     * 
     */
    everyDays?: number;
    /**
     * 
     */
    itemId?: string;
    /**
     * 
     */
    lastPurchaseTs?: number;
    /**
     * 
     */
    reasons?: Array<string>;
    /**
     * 
     */
    score: number;
}
/**
 * 
 * @export
 * @interface BuyAgainResponse
 */
export interface BuyAgainResponse {
    /**
     * 
     */
    fallback: boolean;
    /**
     * 
     */
    items?: Array<BuyAgainItem>;
    /**
     * 
     */
    userId?: string;
}
/**
 * 
 * @export
 * @interface CatalogBulkResponse
 */
export interface CatalogBulkResponse {
    /**
     * 
     */
    accepted: number;
    /**
     * 
     */
    rejected?: Array<ApiErrorRejected>;
}
/**
 * 
 * @export
 * @interface CatalogEntry
 */
export interface CatalogEntry {
    /**
     * 
     */
    available: boolean;
    /**
     * 
     */
    category?: string;
    /**
     * 
     */
    description?: string;
    /**
     * 
     */
    hasVector: boolean;
    /**
     * 
     */
    itemId?: string;
    /**
     * 
     */
    price?: number;
    /**
     * 
     */
    tags?: Array<string>;
    /**
     * 
     */
    title?: string;
    /**
     * 
     */
    updatedAt: number;
}
/**
 * 
 * @export
 * @interface EventSchema
 */
export interface EventSchema {
    /**
     * optional category, at most 128 characters
     */
    category?: string;
    /**
     * optional object: device, recId, variant …; at most 2048 bytes
     */
    context?: { [key: string]: object; };
    /**
     * optional client id, at most 64 characters
     */
    eventId?: string;
    /**
     * 1–128 characters
     */
    itemId: string;
    /**
     * epoch milliseconds or ISO-8601 date-time with offset; not negative, at most 1 day ahead
     */
    ts: string;
    /**
     * view | click | favorite | add_to_cart | remove_from_cart | purchase | rating | impression
     */
    type: string;
    /**
     * 1–128 characters
     */
    userId: string;
    /**
     * rating 0–5 (required for rating), else a quantity ≥ 0
     */
    value?: number;
}
/**
 * @type EventsControllerPostRequest
 * 
 * @export
 */
export type EventsControllerPostRequest = Array<EventSchema> | EventSchema;
/**
 * 
 * @export
 * @interface ExperimentResults
 */
export interface ExperimentResults {
    /**
     * 
     */
    control?: string;
    /**
     * 
     */
    experimentId?: string;
    /**
     * 
     */
    running: boolean;
    /**
     * 
     */
    sampleRatioMismatch: boolean;
    /**
     * 
     */
    sampleRatioP: number;
    /**
     * 
     */
    variants?: Array<ExperimentResultsVariantResult>;
}
/**
 * 
 * @export
 * @interface ExperimentResultsComparison
 */
export interface ExperimentResultsComparison {
    /**
     * 
     */
    alwaysValidP: number;
    /**
     * 
     */
    lift?: number;
    /**
     * 
     */
    liftHigh?: number;
    /**
     * 
     */
    liftLow?: number;
    /**
     * 
     */
    p: number;
}
/**
 * 
 * @export
 * @interface ExperimentResultsRate
 */
export interface ExperimentResultsRate {
    /**
     * 
     */
    high: number;
    /**
     * 
     */
    low: number;
    /**
     * 
     */
    rate: number;
}
/**
 * 
 * @export
 * @interface ExperimentResultsVariantResult
 */
export interface ExperimentResultsVariantResult {
    /**
     * 
     */
    addToCarts: number;
    /**
     * 
     */
    clickThrough?: ExperimentResultsRate;
    /**
     * 
     */
    clickThroughVsControl?: ExperimentResultsComparison;
    /**
     * 
     */
    clicks: number;
    /**
     * 
     */
    conversion?: ExperimentResultsRate;
    /**
     * 
     */
    conversionVsControl?: ExperimentResultsComparison;
    /**
     * 
     */
    impressions: number;
    /**
     * 
     */
    name?: string;
    /**
     * 
     */
    purchases: number;
    /**
     * 
     */
    revenue: number;
    /**
     * 
     */
    share: number;
    /**
     * 
     */
    unattributed: number;
    /**
     * 
     */
    users: number;
}
/**
 * 
 * @export
 * @interface ExperimentView
 */
export interface ExperimentView {
    /**
     * 
     */
    forced?: { [key: string]: string; };
    /**
     * 
     */
    id?: string;
    /**
     * 
     */
    running: boolean;
    /**
     * 
     */
    salt?: string;
    /**
     * 
     */
    updatedAt: number;
    /**
     * 
     */
    variants?: Array<ExperimentViewVariantView>;
    /**
     * 
     */
    winner?: string;
}
/**
 * 
 * @export
 * @interface ExperimentViewVariantView
 */
export interface ExperimentViewVariantView {
    /**
     * 
     */
    baseline?: string;
    /**
     * 
     */
    name?: string;
    /**
     * 
     */
    overrides?: { [key: string]: string; };
    /**
     * 
     */
    share: number;
}
/**
 * 
 * @export
 * @interface ExperimentsControllerAssigned
 */
export interface ExperimentsControllerAssigned {
    /**
     * 
     */
    experimentId?: string;
    /**
     * 
     */
    userId?: string;
    /**
     * 
     */
    variant?: string;
}
/**
 * 
 * @export
 * @interface ForgetUserResponse
 */
export interface ForgetUserResponse {
    /**
     * 
     */
    redisKeysDeleted: number;
    /**
     * 
     */
    tombstoneSent: boolean;
    /**
     * 
     */
    userId?: string;
}
/**
 * 
 * @export
 * @interface HealthResponse
 */
export interface HealthResponse {
    /**
     * 
     */
    checks?: { [key: string]: string; };
    /**
     * 
     */
    status?: string;
}
/**
 * 
 * @export
 * @interface IngestResponse
 */
export interface IngestResponse {
    /**
     * 
     */
    accepted: number;
    /**
     * 
     */
    rejected?: Array<ApiErrorRejected>;
}
/**
 * 
 * @export
 * @interface ItemSchema
 */
export interface ItemSchema {
    /**
     * default true; false keeps the item out of recommendations
     */
    available?: boolean;
    /**
     * optional category, at most 128 characters
     */
    category?: string;
    /**
     * optional longer text, at most 5000 characters (line breaks allowed); embedded with the title for text similarity and new items' starting vectors
     */
    description?: string;
    /**
     * 1–128 characters; required in POST /v1/items, optional in PUT (must match the path)
     */
    itemId?: string;
    /**
     * optional price, 0 to 1e9
     */
    price?: number;
    /**
     * optional, at most 50 tags of at most 64 characters
     */
    tags?: Array<string>;
    /**
     * optional product name as the shop shows it, at most 200 characters
     */
    title?: string;
}
/**
 * 
 * @export
 * @interface OpsStatsResponse
 */
export interface OpsStatsResponse {
    /**
     * 
     */
    jobMetrics?: string;
    /**
     * 
     */
    jobProblem?: string;
    /**
     * 
     */
    sampleSeconds: number;
    /**
     * 
     */
    samples?: Array<OpsStatsSample>;
}
/**
 * 
 * @export
 * @interface OpsStatsSample
 */
export interface OpsStatsSample {
    /**
     * 
     */
    at: number;
    /**
     * 
     */
    deadLettersPerSecond?: number;
    /**
     * 
     */
    droppedUpdatesPerSecond?: number;
    /**
     * 
     */
    eventsPerSecond?: number;
    /**
     * 
     */
    freshnessMillis?: number;
    /**
     * 
     */
    prequentialRecallAt20?: number;
    /**
     * 
     */
    recommendP50Millis?: number;
    /**
     * 
     */
    recommendP99Millis?: number;
    /**
     * 
     */
    requestsPerSecond: number;
}
/**
 * 
 * @export
 * @interface RecommendationResponse
 */
export interface RecommendationResponse {
    /**
     * 
     */
    experiment?: string;
    /**
     * 
     */
    fallback: boolean;
    /**
     * 
     */
    items?: Array<ScoredItem>;
    /**
     * 
     */
    modelVersion?: string;
    /**
     * 
     */
    recId?: string;
    /**
     * 
     */
    userId?: string;
    /**
     * 
     */
    variant?: string;
}
/**
 * 
 * @export
 * @interface ScoredItem
 */
export interface ScoredItem {
    /**
     * 
     */
    itemId?: string;
    /**
     * 
     */
    reasons?: Array<string>;
    /**
     * 
     */
    score: number;
}
/**
 * 
 * @export
 * @interface SimilarItemsResponse
 */
export interface SimilarItemsResponse {
    /**
     * 
     */
    by?: string;
    /**
     * 
     */
    itemId?: string;
    /**
     * 
     */
    items?: Array<ScoredItem>;
    /**
     * 
     */
    modelVersion?: string;
}
/**
 * 
 * @export
 * @interface TrendingResponse
 */
export interface TrendingResponse {
    /**
     * 
     */
    category?: string;
    /**
     * 
     */
    items?: Array<ScoredItem>;
    /**
     * 
     */
    window?: string;
}
/**
 * 
 * @export
 * @interface UserTokenResponse
 */
export interface UserTokenResponse {
    /**
     * expiry, epoch seconds
     */
    expiresAt: number;
    /**
     * send as Authorization: Bearer <token>
     */
    token: string;
    /**
     * the user the token is for
     */
    userId: string;
}
