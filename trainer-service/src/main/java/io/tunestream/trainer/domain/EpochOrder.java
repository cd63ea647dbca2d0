package io.tunestream.trainer.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The order examples are drawn in: a fresh seeded shuffle per epoch ({@code seed + epoch}), so the same
 * seed gives the same batches; a batch that runs past the end of an epoch continues into the next one.
 */
final class EpochOrder {

    private final List<Example> examples;
    private final long seed;
    private final List<Integer> order = new ArrayList<>();
    private int epoch = -1;
    private int cursor;

    EpochOrder(List<Example> examples, long seed) {
        this.examples = examples;
        this.seed = seed;
        reshuffle();
    }

    /** @return the order positioned where a saved one stood ({@link #epoch()}, {@link #cursor()}) */
    static EpochOrder at(List<Example> examples, long seed, int epoch, int cursor) {
        EpochOrder order = new EpochOrder(examples, seed);
        while (order.epoch < epoch) {
            order.reshuffle();
        }
        order.cursor = cursor;
        return order;
    }

    /** @return the current epoch (0-based) */
    int epoch() {
        return epoch;
    }

    /** @return the position within the current epoch's order */
    int cursor() {
        return cursor;
    }

    List<Example> next(int size) {
        List<Example> batch = new ArrayList<>(size);
        while (batch.size() < size) {
            if (cursor == order.size()) {
                reshuffle();
            }
            batch.add(examples.get(order.get(cursor++)));
        }
        return batch;
    }

    private void reshuffle() {
        epoch++;
        order.clear();
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed + epoch));
        cursor = 0;
    }
}
