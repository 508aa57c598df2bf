package io.streamrec.bench;

import io.streamrec.core.model.ImplicitAls;
import io.streamrec.core.warm.AlsEngine;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.segment.UnsortedSegmentSum;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The same implicit-ALS iteration as {@link ImplicitAls} (conjugate gradient started from the current
 * factors, {@code cgSteps} steps per row) with ND4J, batched over all rows of a side at once so that
 * each step is a handful of large native operations instead of many small ones: the Gram matrix and
 * {@code P·G} are GEMMs, the sparse part gathers the other side's rows per interaction
 * ({@code pullRows}) and sums them back per row ({@code unsorted_segment_sum}). A row stops moving
 * once its residual is below the Java engine's threshold; rows without interactions keep their factors.
 */
final class Nd4jAlsEngine implements AlsEngine {
    static final String NAME = "nd4j";
    private final int d;
    private final float lambda;
    private final int cgSteps;

    Nd4jAlsEngine(int dim, float lambda, int cgSteps) {
        this.d = dim;
        this.lambda = lambda;
        this.cgSteps = cgSteps;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void iterate(ImplicitAls.Csr byUser, ImplicitAls.Csr byItem, float[] x, float[] y) {
        solveSide(byUser, x, y, byItem.rows());
        solveSide(byItem, y, x, byUser.rows());
    }

    void solveSide(ImplicitAls.Csr m, float[] x, float[] y, int yRows) {
        int rows = m.rows();
        int nnz = m.ptr()[rows];
        int[] rowOf = new int[nnz];
        float[] hasData = new float[rows];
        for (int r = 0; r < rows; r++) {
            for (int k = m.ptr()[r]; k < m.ptr()[r + 1]; k++) {
                rowOf[k] = r;
            }
            hasData[r] = m.ptr()[r + 1] > m.ptr()[r] ? 1 : 0;
        }
        // the two large arrays (interactions × d) are allocated once per half-iteration and reused in place
        try (INDArray xs = Nd4j.create(x, new long[] {rows, d}, 'c');
             INDArray ys = Nd4j.create(y, new long[] {yRows, d}, 'c');
             INDArray seg = Nd4j.createFromArray(rowOf);
             INDArray conf = Nd4j.create(java.util.Arrays.copyOf(m.conf(), nnz), new long[] {nnz, 1}, 'c');
             INDArray confMinus1 = conf.sub(1f);
             INDArray active = Nd4j.create(hasData, new long[] {rows, 1}, 'c');
             INDArray yg = Nd4j.create(DataType.FLOAT, nnz, d);
             INDArray scratch = Nd4j.create(DataType.FLOAT, nnz, d)) {
            INDArray gram = ys.transpose().mmul(ys);
            Nd4j.pullRows(ys, yg, 1, java.util.Arrays.copyOf(m.cols(), nnz));

            // r = b − A x = Σ (c − (c−1)·y·x) y − (G + λI) x
            Nd4j.pullRows(xs, scratch, 1, rowOf);
            INDArray coef = conf.sub(confMinus1.mul(scratch.muli(yg).sum(true, 1)));
            INDArray res = segmentSum(scratch.assign(yg).muliColumnVector(coef), seg, rows)
                    .subi(xs.mmul(gram)).subi(xs.mul(lambda));
            INDArray p = res.dup();
            INDArray rsOld = res.mul(res).sum(true, 1);
            for (int step = 0; step < cgSteps; step++) {
                Nd4j.pullRows(p, scratch, 1, rowOf);
                INDArray t = scratch.muli(yg).sum(true, 1).muli(confMinus1);
                INDArray ap = p.mmul(gram).addi(p.mul(lambda))
                        .addi(segmentSum(scratch.assign(yg).muliColumnVector(t), seg, rows));
                INDArray pAp = Transforms.max(p.mul(ap).sum(true, 1), 1e-30);
                INDArray moving = rsOld.gt(1e-20).castTo(DataType.FLOAT).muli(active);
                INDArray alpha = rsOld.div(pAp).muli(moving);
                xs.addi(p.mulColumnVector(alpha));
                res.subi(ap.mulColumnVector(alpha));
                INDArray rsNew = res.mul(res).sum(true, 1);
                INDArray beta = rsNew.div(Transforms.max(rsOld, 1e-30));
                p = res.add(p.mulColumnVector(beta));
                rsOld = rsNew;
            }
            float[] out = xs.data().asFloat();
            System.arraycopy(out, 0, x, 0, rows * d);
        }
    }

    private static INDArray segmentSum(INDArray data, INDArray seg, int rows) {
        return Nd4j.exec(new UnsortedSegmentSum(data, seg, rows))[0];
    }
}
