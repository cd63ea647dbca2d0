package io.tunestream.split.domain;

/**
 * Apportions an integer count over ratios by the largest-remainder (Hamilton) method: every part
 * gets the floor of its quota, the remaining units go to the largest fractional parts (ties to
 * the earlier part). Then every part with a positive ratio is raised to at least one unit, taken
 * from the largest part, so no non-empty split lacks a label that has enough records.
 */
final class LargestRemainder {

    private LargestRemainder() {
    }

    /** The parts of {@code n}; requires {@code n >= } the number of positive ratios. */
    static int[] apportion(int n, double[] ratios) {
        int[] parts = new int[ratios.length];
        double[] remainders = new double[ratios.length];
        int assigned = 0;
        for (int i = 0; i < ratios.length; i++) {
            double quota = n * ratios[i];
            parts[i] = (int) Math.floor(quota + 1e-9);
            remainders[i] = quota - parts[i];
            assigned += parts[i];
        }
        for (int left = n - assigned; left > 0; left--) {
            int best = -1;
            for (int i = 0; i < ratios.length; i++) {
                if (ratios[i] > 0 && (best < 0 || remainders[i] > remainders[best] + 1e-12)) {
                    best = i;
                }
            }
            parts[best]++;
            remainders[best] = -1;
        }
        for (int i = 0; i < ratios.length; i++) {
            if (ratios[i] > 0 && parts[i] == 0) {
                parts[largest(parts)]--;
                parts[i] = 1;
            }
        }
        return parts;
    }

    private static int largest(int[] parts) {
        int best = 0;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i] > parts[best]) {
                best = i;
            }
        }
        return best;
    }
}
