package io.streamrec.core.vector;

import io.streamrec.core.kernel.ScanPool;
import io.streamrec.core.kernel.TopK;
import io.streamrec.core.kernel.TopKBulk;
import io.streamrec.core.kernel.VectorKernels;
import java.util.Arrays;
import java.util.List;

/**
 * The int8 first pass of {@link ItemMatrix}'s scans over large catalogues, and its proof: the pass over
 * the int8 copy of the rows ({@link QuantizedRows}) keeps a few candidates per part of the scan by an upper
 * bound of their scores, the candidates are re-scored exactly, and the result is taken only when no row
 * left out can beat it. Serving's path only; the learners' item caches scan the float rows.
 */
final class QuantizedScan {
    private QuantizedScan() {}

    /** A row's exact score, as the float scan computes it. */
    @FunctionalInterface
    interface ExactScore {
        float of(int row);
    }

    /**
     * The int8 pass with {@code rowScale} (the quantisation step, times whatever scales the score), then the
     * exact re-score of its candidates into {@code heap}: true when that is provably the exact top K of the
     * first {@code rows} rows (else the caller runs the float scan). {@code query} is padded to the row stride.
     */
    static boolean twoPass(QuantizedRows quantized, float[] bias, int rows, float[] query, float[] rowScale, float qLast,
                           TopK heap, VectorKernels.RowFilter skip, ScanPool pool, ExactScore exact) {
        byte[] codes = quantized.codes();
        float[] codeNorms = quantized.codeNorms();
        int factors = quantized.dim();
        int candidates = candidatesFor(heap.capacity());
        float slack = QuantizedRows.slack(query, factors);
        List<TopKBulk> parts;
        VectorKernels.Int8Query quantised = new VectorKernels.Int8Query(query, factors, qLast, slack, rowScale, skip);
        if (!pool.shares() || pool.wouldSplit(rows)) { // idle cores: this pass split over them
            parts = pool.scan(rows, VectorKernels.int8BlockRows(), () -> new TopKBulk(candidates),
                    (part, from, to) -> VectorKernels.topKInt8(codes, codeNorms, bias, from, to, factors,
                            quantised.into(part)));
        } else { // busy cores: this pass shared with other requests' that wait for one
            Int8Pass mine = new Int8Pass(new PassKey(codes, codeNorms, bias, rows, factors),
                    quantised.into(new TopKBulk(candidates)));
            pool.share(mine, SHARED_PASS_QUERIES, together -> {
                VectorKernels.Int8Query[] queries = new VectorKernels.Int8Query[together.size()];
                for (int i = 0; i < queries.length; i++) {
                    queries[i] = together.get(i).query;
                }
                VectorKernels.topKInt8(codes, codeNorms, bias, 0, rows, factors, queries, queries.length);
            });
            parts = List.of(mine.query.heap());
        }
        return rescore(parts, heap, exact);
    }

    /**
     * The int8 pass of several queries at once ({@code padded[i]}, with last slots {@code queries[i][dim]}), one
     * shared reading of the codes, then each re-scored exactly into {@code heaps[i]}; {@code proven[i]} false
     * where the caller must run the float scan for query i.
     */
    static boolean[] together(QuantizedRows quantized, float[] bias, int rows, float[][] padded, float[][] queries,
                              TopK[] heaps, VectorKernels.RowFilter skip, ExactScore[] exact) {
        int factors = quantized.dim();
        VectorKernels.Int8Query[] passes = new VectorKernels.Int8Query[queries.length];
        for (int i = 0; i < queries.length; i++) {
            passes[i] = new VectorKernels.Int8Query(padded[i], factors, queries[i][factors],
                    QuantizedRows.slack(padded[i], factors), quantized.dotScale(), skip)
                    .into(new TopKBulk(candidatesFor(heaps[i].capacity())));
        }
        VectorKernels.topKInt8(quantized.codes(), quantized.codeNorms(), bias, 0, rows, factors, passes, passes.length);
        boolean[] proven = new boolean[queries.length];
        for (int i = 0; i < queries.length; i++) {
            proven[i] = rescore(List.of(passes[i].heap()), heaps[i], exact[i]);
        }
        return proven;
    }

    /**
     * Most queries in one shared int8 pass: reading and widening each code once for several queries is
     * what sharing saves, and four fill the registers without spilling (docs/benchmarks.md, serving).
     */
    static final int SHARED_PASS_QUERIES = 4;

    /** What int8 passes must have in common to be shared: the same codes, biases and rows, as arrays. */
    private record PassKey(byte[] codes, float[] codeNorms, float[] last, int rows, int dim) {}

    /** One request's int8 pass, waiting to be run alone or with others ({@link ScanPool#share}). */
    private record Int8Pass(PassKey key, VectorKernels.Int8Query query) implements ScanPool.Shareable {
        @Override
        public Object passKey() {
            return key;
        }
    }

    /**
     * Candidates the int8 pass keeps for a top {@code k} (per part of a split scan): enough that the proof
     * almost always holds (quantising the query as well widens the bounds, and 1.5 k + 16 failed it for many
     * queries of the serving benchmark), few enough that keeping them stays a small part of the pass. Only
     * those whose bound can still beat the k-th exact score are re-scored ({@link #rescore}).
     */
    static int candidatesFor(int k) {
        return 2 * k + 32;
    }

    /**
     * Re-scores the int8 pass's candidates exactly into {@code heap}, best bound first, and stops at the first
     * bound below the k-th exact score found so far (no candidate left can beat it: a bound is never below
     * the exact score); then tells whether that is the exact top K of all rows. In each part of the scan,
     * every admitted row that is not a candidate has a bound, hence an exact score, at most that part's
     * lowest candidate bound; so when a part kept every admitted row, or the K-th exact score is above its
     * lowest bound, no row of that part outside the candidates can beat it.
     */
    private static boolean rescore(List<TopKBulk> parts, TopK heap, ExactScore exact) {
        int n = 0;
        float unproven = Float.NEGATIVE_INFINITY; // the highest bound a row left out of the candidates may have
        for (TopKBulk part : parts) {
            n += part.size();
            if (part.size() == part.capacity()) {
                unproven = Math.max(unproven, part.threshold());
            }
        }
        long[] byBound = new long[n];
        int off = 0;
        for (TopKBulk part : parts) {
            part.copyKeys(byBound, off);
            off += part.size();
        }
        Arrays.sort(byBound); // best bound first
        for (long key : byBound) {
            if (heap.size() == heap.capacity() && heap.threshold() > TopK.keyScore(key)) {
                break;
            }
            int row = TopK.keyRow(key);
            heap.offer(row, exact.of(row));
        }
        return heap.size() == heap.capacity() ? heap.threshold() > unproven : unproven == Float.NEGATIVE_INFINITY;
    }
}
