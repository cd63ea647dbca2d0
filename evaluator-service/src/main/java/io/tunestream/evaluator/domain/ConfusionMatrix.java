package io.tunestream.evaluator.domain;

import java.util.Arrays;
import java.util.List;

/**
 * A confusion matrix: {@code count(i, j)} is the number of samples whose true label is
 * {@code labels().get(i)} and whose predicted label is {@code labels().get(j)} (scikit-learn's
 * convention: rows are true labels, columns are predictions).
 */
public final class ConfusionMatrix {

    private final List<String> labels;
    private final long[][] counts;

    private ConfusionMatrix(List<String> labels, long[][] counts) {
        this.labels = List.copyOf(labels);
        this.counts = counts;
    }

    /** Counts encoded true and predicted labels (codes in {@code [0, labelCount)}). */
    public static ConfusionMatrix of(int[] yTrue, int[] yPred, LabelIndex index) {
        if (yTrue.length != yPred.length) {
            throw new IllegalArgumentException(
                    "y_true has " + yTrue.length + " samples but y_pred has " + yPred.length);
        }
        long[][] counts = new long[index.size()][index.size()];
        for (int i = 0; i < yTrue.length; i++) {
            counts[yTrue[i]][yPred[i]]++;
        }
        return new ConfusionMatrix(index.labels(), counts);
    }

    /** The labels of the rows and columns, in order. */
    public List<String> labels() {
        return labels;
    }

    /** The number of labels (rows, columns). */
    public int size() {
        return labels.size();
    }

    /** Samples of true label {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** A copy of the counts, rows = true labels. */
    public long[][] toArray() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Correct predictions of class {@code k}. */
    public long truePositives(int k) {
        return counts[k][k];
    }

    /** Samples of class {@code k} (its row sum). */
    public long support(int k) {
        return Arrays.stream(counts[k]).sum();
    }

    /** Samples predicted as class {@code k} (its column sum). */
    public long predicted(int k) {
        long sum = 0;
        for (long[] row : counts) {
            sum += row[k];
        }
        return sum;
    }

    /** All samples. */
    public long total() {
        long sum = 0;
        for (long[] row : counts) {
            sum += Arrays.stream(row).sum();
        }
        return sum;
    }

    /** Correct predictions (the trace). */
    public long correct() {
        long sum = 0;
        for (int k = 0; k < counts.length; k++) {
            sum += counts[k][k];
        }
        return sum;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfusionMatrix that
                && labels.equals(that.labels) && Arrays.deepEquals(counts, that.counts);
    }

    @Override
    public int hashCode() {
        return 31 * labels.hashCode() + Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix" + labels + Arrays.deepToString(counts);
    }
}
