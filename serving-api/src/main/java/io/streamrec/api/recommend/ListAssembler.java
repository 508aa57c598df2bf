package io.streamrec.api.recommend;

import io.streamrec.api.buyagain.BuyAgainService;
import io.streamrec.core.model.RepeatBlend;
import io.streamrec.core.model.Repurchase;
import io.streamrec.core.rank.Ranker;
import io.streamrec.core.rank.ServedList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Turns a request's candidates into its list: the {@link Ranker} blends, explores and diversifies them
 * (with a random source seeded from the request when it asks to be reproducible), and with
 * {@code include=repeats} the user's buy-again items take up to {@code rank.repeat-share} of the list,
 * first, keeping their own score and reason ({@link RepeatBlend}).
 */
final class ListAssembler {
    private final BuyAgainService buyAgain;
    private final double repeatShare;
    private final LongSupplier clock;

    /**
     * @param buyAgain    scores the user's re-purchase cycles for {@code include=repeats}
     * @param repeatShare largest share of the list the repeats take ({@code rank.repeat-share})
     */
    ListAssembler(BuyAgainService buyAgain, double repeatShare, LongSupplier clock) {
        this.buyAgain = buyAgain;
        this.repeatShare = repeatShare;
        this.clock = clock;
    }

    /**
     * A request's list, and with {@code runnersUp} ≥ 0 the blend's items of it for a {@link ServedList}: each
     * ranked item shown with its parts, then the ones not shown (displaced by buy-again items, and up to
     * {@code runnersUp} of the best candidates below the list).
     */
    record Assembled(List<ScoredItem> items, List<ServedList.Item> served) {}

    /** The request's list from its ranked candidates, with the buy-again items when it asks for them. */
    Assembled assemble(RecommendationService.Request r, Ranker ranker, List<Ranker.Candidate> candidates,
                       UserState user, Ranker.Exploration exploration, int runnersUp) {
        List<ScoredItem> out = new ArrayList<>(r.k());
        List<Ranker.Ranked> below = runnersUp < 0 ? null : new ArrayList<>();
        List<Ranker.Ranked> ranked = ranker.rank(candidates, user.profile(), user.history(), r.k(), exploration,
                random(r), r.explain(), Math.max(0, runnersUp), below);
        for (Ranker.Ranked item : ranked) {
            out.add(new ScoredItem(item.itemId(), item.score(), item.reasons()));
        }
        if (r.repeats()) {
            List<Repurchase.Scored> repeats = buyAgain.ranked(user.rebuy(), clock.getAsLong(),
                    RepeatBlend.slots(r.k(), repeatShare), r.category());
            out = withRepeats(out, repeats, r.k(), repeatShare, r.explain());
        }
        return new Assembled(out, below == null ? null : served(out, ranked, below));
    }

    private static List<ServedList.Item> served(List<ScoredItem> shown, List<Ranker.Ranked> ranked,
                                                List<Ranker.Ranked> below) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (ScoredItem s : shown) {
            ids.add(s.itemId());
        }
        List<ServedList.Item> items = new ArrayList<>(ranked.size() + below.size());
        List<ServedList.Item> hidden = new ArrayList<>();
        for (Ranker.Ranked item : ranked) {
            if (item.parts() != null) { // explored items: the blend did not choose them
                boolean isShown = ids.contains(item.itemId());
                (isShown ? items : hidden).add(new ServedList.Item(item.itemId(), item.segment(), item.parts(), isShown));
            }
        }
        items.addAll(hidden);
        for (Ranker.Ranked item : below) {
            items.add(new ServedList.Item(item.itemId(), item.segment(), item.parts(), false));
        }
        return items;
    }

    /** A new random source, or with a seed one that depends on the seed and the user alone. */
    static SplittableRandom random(RecommendationService.Request r) {
        return r.seed() == null ? new SplittableRandom()
                : new SplittableRandom(r.seed() ^ r.userId().hashCode() * 0x9E3779B97F4A7C15L);
    }

    /** {@code ranked} with the buy-again items ({@code repeats}, best first) blended in ({@link RepeatBlend}). */
    static List<ScoredItem> withRepeats(List<ScoredItem> ranked, List<Repurchase.Scored> repeats, int k, double share,
                                        boolean explain) {
        if (repeats.isEmpty()) {
            return ranked;
        }
        Map<String, ScoredItem> byId = new HashMap<>();
        for (ScoredItem s : ranked) {
            byId.put(s.itemId(), s);
        }
        for (Repurchase.Scored s : repeats) { // a repeat keeps its buy-again score and reason
            byId.put(s.itemId(), new ScoredItem(s.itemId(), s.score(), explain ? List.of(Repurchase.reason(s)) : null));
        }
        List<ScoredItem> out = new ArrayList<>(k);
        for (String id : RepeatBlend.merge(repeats.stream().map(Repurchase.Scored::itemId).toList(),
                ranked.stream().map(ScoredItem::itemId).toList(), k, share)) {
            out.add(byId.get(id));
        }
        return out;
    }
}
