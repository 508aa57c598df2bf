package io.streamrec.core.experiment;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.event.EventType;
import java.util.Iterator;

/**
 * Attributes a user's events to the experiment variant that showed the item, in event time: an
 * {@code impression} with {@code context.recId} records the item as shown (each recId and item once);
 * a {@code click} within {@code clickWindowMs} after it, an {@code add_to_cart} or {@code purchase}
 * within {@code conversionWindowMs}, carrying the same recId and item, counts for that impression's
 * variant, each kind once per impression (a purchase's {@code value} adds to revenue every time). An
 * event with a recId that matches nothing in its window (unknown, expired, before the impression, not
 * ours) is counted as unattributed, never dropped silently. Events without a recId are not part of any
 * experiment.
 *
 * @param clickWindowMs      how long after an impression a click counts
 * @param conversionWindowMs how long after an impression an add-to-cart or purchase counts
 * @param maxImpressions     impressions kept per user (the oldest go first)
 */
public record Attribution(long clickWindowMs, long conversionWindowMs, int maxImpressions) implements java.io.Serializable {
    /** The experiment name under which events with a recId that is not ours are counted. */
    public static final String NOT_OURS = "_unknown";

    /** Receives what an event adds to the counts. */
    public interface Counts {
        void add(String experiment, String variant, Metric metric, double amount);
    }

    /** The recId text in an event's context, or null. */
    public static String recIdText(Event e) {
        if (e.context == null || !e.context.contains("recId")) {
            return null;
        }
        try {
            var node = EventJson.readTree(e.context).get("recId");
            return node == null || !node.isTextual() ? null : node.asText();
        } catch (RuntimeException bad) {
            return null;
        }
    }

    /** Applies one of the user's events to its state; what it counts goes to {@code out}. */
    public void apply(AttributionState s, Event e, Counts out) {
        String text = recIdText(e);
        if (text == null || e.itemId == null) {
            return;
        }
        RecId rec = RecId.parse(text);
        boolean outcome = e.type == EventType.CLICK || e.type == EventType.ADD_TO_CART || e.type == EventType.PURCHASE;
        if (rec == null) {
            if (outcome) {
                out.add(NOT_OURS, RecId.NONE, Metric.UNATTRIBUTED, 1);
            }
            return;
        }
        expire(s, e.ts);
        if (e.type == EventType.IMPRESSION) {
            impression(s, rec, e, out);
        } else if (outcome) {
            outcome(s, rec, e, out);
        }
    }

    private void impression(AttributionState s, RecId rec, Event e, Counts out) {
        String id = rec.toString();
        for (AttributionState.Impression i : s.impressions) {
            if (i.recId.equals(id) && i.itemId.equals(e.itemId)) {
                return; // the same item of the same response shown again: one impression
            }
        }
        s.impressions.add(new AttributionState.Impression(rec, e.itemId, e.ts));
        if (s.impressions.size() > maxImpressions) {
            s.impressions.remove(0);
        }
        if (!rec.inExperiment()) {
            return;
        }
        AttributionState.Tally t = s.tally(rec.experiment());
        if (t == null) {
            t = new AttributionState.Tally(rec.experiment(), rec.variant());
            s.tallies.add(t);
            out.add(rec.experiment(), rec.variant(), Metric.USERS, 1);
        }
        out.add(rec.experiment(), rec.variant(), Metric.IMPRESSIONS, 1);
        // the per-user sums of squares and products move with the user's own counts: (n+1)² − n² = 2n + 1
        out.add(rec.experiment(), rec.variant(), Metric.IMPRESSIONS_SQ, 2 * t.impressions + 1);
        out.add(rec.experiment(), rec.variant(), Metric.CLICKS_X_IMPRESSIONS, t.clicks);
        out.add(rec.experiment(), rec.variant(), Metric.PURCHASES_X_IMPRESSIONS, t.purchases);
        t.impressions++;
    }

    private void outcome(AttributionState s, RecId rec, Event e, Counts out) {
        String id = rec.toString();
        long window = e.type == EventType.CLICK ? clickWindowMs : conversionWindowMs;
        AttributionState.Impression hit = null;
        for (AttributionState.Impression i : s.impressions) {
            if (i.recId.equals(id) && i.itemId.equals(e.itemId) && e.ts >= i.ts && e.ts - i.ts <= window) {
                hit = i;
                break;
            }
        }
        if (!rec.inExperiment()) {
            return;
        }
        if (hit == null) {
            out.add(rec.experiment(), rec.variant(), Metric.UNATTRIBUTED, 1);
            return;
        }
        switch (e.type) {
            case CLICK -> {
                if (!hit.clicked) {
                    hit.clicked = true;
                    countPerUser(s, hit, Metric.CLICKS, out);
                }
            }
            case ADD_TO_CART -> {
                if (!hit.carted) {
                    hit.carted = true;
                    out.add(hit.experiment, hit.variant, Metric.ADD_TO_CARTS, 1);
                }
            }
            default -> {
                if (!hit.purchased) {
                    hit.purchased = true;
                    countPerUser(s, hit, Metric.PURCHASES, out);
                }
                double value = e.value == null || !Double.isFinite(e.value) ? 0 : e.value;
                if (value != 0) {
                    out.add(hit.experiment, hit.variant, Metric.REVENUE, value);
                }
            }
        }
    }

    /**
     * Counts a click or a purchase, with what it adds to the per-user sums: (n+1)² − n² = 2n + 1 to the
     * squares, the user's impressions to the products.
     */
    private static void countPerUser(AttributionState s, AttributionState.Impression hit, Metric metric, Counts out) {
        out.add(hit.experiment, hit.variant, metric, 1);
        AttributionState.Tally t = s.tally(hit.experiment);
        if (t == null) {
            return;
        }
        boolean clicks = metric == Metric.CLICKS;
        long before = clicks ? t.clicks : t.purchases;
        out.add(hit.experiment, hit.variant, clicks ? Metric.CLICKS_SQ : Metric.PURCHASES_SQ, 2 * before + 1);
        out.add(hit.experiment, hit.variant, clicks ? Metric.CLICKS_X_IMPRESSIONS : Metric.PURCHASES_X_IMPRESSIONS,
                t.impressions);
        if (clicks) {
            t.clicks++;
        } else {
            t.purchases++;
        }
    }

    /** Drops impressions no event at or after {@code now} can be attributed to any more. */
    private void expire(AttributionState s, long now) {
        long horizon = Math.max(clickWindowMs, conversionWindowMs);
        Iterator<AttributionState.Impression> it = s.impressions.iterator();
        while (it.hasNext()) {
            if (now - it.next().ts > horizon) {
                it.remove();
            } else {
                break; // oldest first: the rest are newer (late impressions aside, which expire later)
            }
        }
    }
}
