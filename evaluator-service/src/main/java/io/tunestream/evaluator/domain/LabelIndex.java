package io.tunestream.evaluator.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The class labels of an evaluation in a stable order, and their integer codes.
 *
 * <p>Labels are sorted by their natural (lexicographic) order, as scikit-learn sorts the union of
 * {@code y_true} and {@code y_pred}; every table, matrix and plot uses this order.
 */
public final class LabelIndex {

    private final List<String> labels;
    private final Map<String, Integer> codes;

    private LabelIndex(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.codes = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            if (codes.put(labels.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate label: " + labels.get(i));
            }
        }
    }

    /** The sorted union of the labels seen in the given label lists. */
    @SafeVarargs
    public static LabelIndex observed(List<String>... labelLists) {
        TreeSet<String> union = new TreeSet<>();
        for (List<String> list : labelLists) {
            for (String label : list) {
                union.add(Objects.requireNonNull(label, "labels must not be null"));
            }
        }
        return new LabelIndex(new ArrayList<>(union));
    }

    /** Exactly the given labels, in the given order (scikit-learn's {@code labels=} argument). */
    public static LabelIndex of(List<String> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("at least one label is required");
        }
        return new LabelIndex(labels);
    }

    /** The labels, in order. */
    public List<String> labels() {
        return Collections.unmodifiableList(labels);
    }

    /** The number of labels. */
    public int size() {
        return labels.size();
    }

    /** The label with the given code. */
    public String label(int code) {
        return labels.get(code);
    }

    /** The code of a label, or an exception naming the label when it is not in this index. */
    public int code(String label) {
        Integer code = codes.get(label);
        if (code == null) {
            throw new IllegalArgumentException("label '" + label + "' is not one of " + labels);
        }
        return code;
    }

    /** The codes of the given labels. */
    public int[] encode(List<String> values) {
        int[] encoded = new int[values.size()];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = code(values.get(i));
        }
        return encoded;
    }
}
