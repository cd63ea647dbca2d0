package io.tunestream.evaluator.domain;

import java.util.ArrayList;
import java.util.List;

/** Deterministic prediction lists for the significance and blessing tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** n records alternating "ham" / "spam" (ham on even indexes). */
    static List<String> truth(int n) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels.add(i % 2 == 0 ? "ham" : "spam");
        }
        return labels;
    }

    /** The truth with every record whose index is a multiple of {@code wrongEvery} flipped. */
    static List<String> predictions(List<String> truth, int wrongEvery) {
        List<String> predicted = new ArrayList<>();
        for (int i = 0; i < truth.size(); i++) {
            boolean wrong = i % wrongEvery == 0 || (i - 1) % wrongEvery == 0;
            predicted.add(wrong ? flip(truth.get(i)) : truth.get(i));
        }
        return predicted;
    }

    static String flip(String label) {
        return label.equals("ham") ? "spam" : "ham";
    }
}
