package io.streamrec.flink.learn;

/**
 * At most {@code perSecond} prequential evaluations per second of processing time (0: no limit). An
 * evaluation ranks the whole item cache, so at a fixed share of events its cost grows with the event
 * rate while the recall it estimates needs only so many evaluations: the budget keeps the share
 * ({@code model.mf.eval-sample}) at low rates and a fixed number a second under load. The seconds are
 * fixed windows, each starting at the first question asked in it.
 */
final class EvaluationBudget {
    private final int perSecond;
    private long windowStart = Long.MIN_VALUE;
    private int spent;

    EvaluationBudget(int perSecond) {
        this.perSecond = Math.max(0, perSecond);
    }

    /** Whether an evaluation may run at {@code now} (milliseconds). */
    boolean available(long now) {
        if (perSecond == 0) {
            return true;
        }
        if (windowStart == Long.MIN_VALUE || now - windowStart >= 1000 || now < windowStart) {
            windowStart = now;
            spent = 0;
        }
        return spent < perSecond;
    }

    /** Counts an evaluation that ran (after {@link #available} said it may). */
    void spend() {
        spent++;
    }
}
