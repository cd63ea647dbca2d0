package io.tunestream.stage;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Encodes a version's output batches on all cores while the stage thread sends them, in order. A stage applies one
 * version at a time on one thread; encoding its batches (Avro) is pure and per batch, so worker threads take it and
 * the stage thread only hands each encoded batch, in batch order, to the producer (which compresses it). At most
 * {@link #WINDOW} batches are encoded ahead, so the encoded bytes held stay a few megabytes.
 */
final class OrderedEncoding {

    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    static final int WINDOW = 2 * THREADS;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "tunestream-stage-encoder");
        t.setDaemon(true);
        return t;
    });

    private OrderedEncoding() {
    }

    /**
     * @param count  how many items
     * @param encode encodes item {@code i} (called on worker threads, any order)
     * @param sink   receives the encoded items in order {@code 0..count-1}, on the calling thread
     */
    static void inOrder(int count, IntFunction<byte[]> encode, Consumer<byte[]> sink) {
        ArrayDeque<Future<byte[]>> window = new ArrayDeque<>();
        int next = 0;
        try {
            while (next < count || !window.isEmpty()) {
                while (next < count && window.size() < WINDOW) {
                    int i = next++;
                    window.add(POOL.submit(() -> encode.apply(i)));
                }
                sink.accept(join(window.poll()));
            }
        } finally {
            window.forEach(f -> f.cancel(true));
        }
    }

    private static byte[] join(Future<byte[]> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while encoding a stage's output", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("encoding a stage's output failed", e.getCause());
        }
    }
}
