package io.tunestream.trainer.domain;

/** Accuracy and macro-averaged F1 (scikit-learn's {@code f1_score(average="macro")}, 0 for empty classes). */
public final class ClassificationScores {

    private ClassificationScores() {
    }

    /**
     * @param truth true class ids
     * @param predicted predicted class ids
     * @return fraction predicted right
     */
    public static double accuracy(int[] truth, int[] predicted) {
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += truth[i] == predicted[i] ? 1 : 0;
        }
        return truth.length == 0 ? 0 : (double) right / truth.length;
    }

    /**
     * @param truth true class ids
     * @param predicted predicted class ids
     * @param classes number of classes
     * @return unweighted mean of per-class F1
     */
    public static double macroF1(int[] truth, int[] predicted, int classes) {
        long[] tp = new long[classes];
        long[] fp = new long[classes];
        long[] fn = new long[classes];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == predicted[i]) {
                tp[truth[i]]++;
            } else {
                fp[predicted[i]]++;
                fn[truth[i]]++;
            }
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            long denominator = 2 * tp[c] + fp[c] + fn[c];
            sum += denominator == 0 ? 0 : 2.0 * tp[c] / denominator;
        }
        return sum / classes;
    }
}
