package io.tunestream.evaluator.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most N requests of one caller running at once (re-evaluations, scoring calls). A caller is whatever the
 * REST layer names it: the authenticated principal, else the remote address. A permit is released exactly once,
 * when the work it admitted ends, however it ends.
 */
public final class CallerConcurrencyLimit {

    private final int perCaller;
    private final Map<String, Integer> running = new HashMap<>();

    /** @param perCaller most requests of one caller running at once (>= 1) */
    public CallerConcurrencyLimit(int perCaller) {
        if (perCaller < 1) {
            throw new IllegalArgumentException("the limit per caller must be >= 1, got: " + perCaller);
        }
        this.perCaller = perCaller;
    }

    /** @return the limit per caller */
    public int perCaller() {
        return perCaller;
    }

    /**
     * @param caller who asks
     * @return a permit, or empty when the caller already has {@link #perCaller()} requests running
     */
    public synchronized Optional<Permit> tryAcquire(String caller) {
        int now = running.getOrDefault(caller, 0);
        if (now >= perCaller) {
            return Optional.empty();
        }
        running.put(caller, now + 1);
        return Optional.of(new Permit(caller));
    }

    /** @return the requests of a caller running now */
    public synchronized int running(String caller) {
        return running.getOrDefault(caller, 0);
    }

    private synchronized void release(String caller) {
        int left = running.getOrDefault(caller, 0) - 1;
        if (left <= 0) {
            running.remove(caller); // no entry per past caller: the map holds only callers with work running
        } else {
            running.put(caller, left);
        }
    }

    /** One admitted request; closing it (once, or more: later closes do nothing) frees its place. */
    public final class Permit implements AutoCloseable {

        private final String caller;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String caller) {
            this.caller = caller;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release(caller);
            }
        }
    }
}
