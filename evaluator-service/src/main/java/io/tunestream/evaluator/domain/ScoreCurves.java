package io.tunestream.evaluator.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * ROC and precision-recall curves of a binary scorer, point for point as scikit-learn 1.2 computes them
 * ({@code roc_curve(drop_intermediate=False)}, {@code precision_recall_curve}, {@code average_precision_score}):
 * one point per distinct score, taken as a threshold ({@code score >= t} is predicted positive), ties together.
 */
public final class ScoreCurves {

    /** A point of a curve: ROC (false positive rate, true positive rate), PR (recall, precision). */
    public record Point(double x, double y) {
    }

    /**
     * The curves of one class against the rest.
     *
     * @param label the positive class
     * @param roc ROC points from (0, 0) to (1, 1)
     * @param rocAuc area under the ROC curve (trapezoids)
     * @param precisionRecall PR points, recall falling to the final (0, 1)
     * @param averagePrecision scikit-learn's average precision (step-wise area, no interpolation)
     */
    public record ClassCurves(String label, List<Point> roc, double rocAuc, List<Point> precisionRecall,
                              double averagePrecision) {
    }

    private ScoreCurves() {
    }

    /**
     * The curves of {@code label} as positive.
     *
     * @throws IllegalArgumentException when the samples hold only one class (both curves are undefined)
     */
    public static ClassCurves of(String label, boolean[] positive, double[] scores) {
        Counts counts = Counts.of(positive, scores);
        List<Point> roc = roc(counts);
        List<Point> pr = precisionRecall(counts);
        return new ClassCurves(label, roc, area(roc), pr, averagePrecision(pr));
    }

    private static List<Point> roc(Counts c) {
        long positives = c.tps[c.tps.length - 1];
        long negatives = c.fps[c.fps.length - 1];
        List<Point> points = new ArrayList<>(c.tps.length + 1);
        points.add(new Point(0, 0));
        for (int i = 0; i < c.tps.length; i++) {
            points.add(new Point((double) c.fps[i] / negatives, (double) c.tps[i] / positives));
        }
        return List.copyOf(points);
    }

    private static List<Point> precisionRecall(Counts c) {
        long positives = c.tps[c.tps.length - 1];
        List<Point> points = new ArrayList<>(c.tps.length + 1);
        for (int i = c.tps.length - 1; i >= 0; i--) {
            points.add(new Point((double) c.tps[i] / positives, (double) c.tps[i] / (c.tps[i] + c.fps[i])));
        }
        points.add(new Point(0, 1));
        return List.copyOf(points);
    }

    private static double area(List<Point> curve) {
        double area = 0;
        for (int i = 1; i < curve.size(); i++) {
            area += (curve.get(i).x() - curve.get(i - 1).x()) * (curve.get(i).y() + curve.get(i - 1).y()) / 2;
        }
        return area;
    }

    private static double averagePrecision(List<Point> pr) {
        double sum = 0;
        for (int i = 0; i + 1 < pr.size(); i++) {
            sum -= (pr.get(i + 1).x() - pr.get(i).x()) * pr.get(i).y();
        }
        return sum;
    }

    /** Cumulative true and false positives at each distinct score, from the highest score down. */
    private record Counts(long[] tps, long[] fps) {

        static Counts of(boolean[] positive, double[] scores) {
            if (positive.length != scores.length || positive.length == 0) {
                throw new IllegalArgumentException("need as many labels as scores, and at least one: "
                        + positive.length + " labels, " + scores.length + " scores");
            }
            Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
            // stable, highest first: scikit-learn's mergesort of -score
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
            List<long[]> steps = new ArrayList<>();
            long tp = 0;
            long fp = 0;
            for (int k = 0; k < order.length; k++) {
                if (positive[order[k]]) {
                    tp++;
                } else {
                    fp++;
                }
                if (k == order.length - 1 || scores[order[k + 1]] != scores[order[k]]) {
                    steps.add(new long[] {tp, fp});
                }
            }
            if (tp == 0 || fp == 0) {
                throw new IllegalArgumentException("only one class present: ROC and PR curves are not defined");
            }
            return new Counts(steps.stream().mapToLong(s -> s[0]).toArray(), steps.stream().mapToLong(s -> s[1]).toArray());
        }
    }
}
