package io.tunestream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CallerConcurrencyLimitTest {

    @Test
    void shouldRefuseTheThirdRequestOfACallerWhenTwoAreRunning() {
        // Given
        CallerConcurrencyLimit limit = new CallerConcurrencyLimit(2);
        var first = limit.tryAcquire("alice").orElseThrow();
        var second = limit.tryAcquire("alice").orElseThrow();
        // When / Then: alice is full, bob is not
        assertThat(limit.tryAcquire("alice")).isEmpty();
        assertThat(limit.tryAcquire("bob")).isPresent();
        // and a place frees when one ends, once however often it is closed
        first.close();
        first.close();
        assertThat(limit.running("alice")).isEqualTo(1);
        var third = limit.tryAcquire("alice").orElseThrow();
        assertThat(limit.tryAcquire("alice")).isEmpty();
        second.close();
        third.close();
        assertThat(limit.running("alice")).isZero();
    }

    @Test
    @Timeout(30)
    void shouldNeverAdmitMoreThanTheLimitWhenManyThreadsRace() throws Exception {
        // Given 16 threads of one caller trying at once
        CallerConcurrencyLimit limit = new CallerConcurrencyLimit(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 200; i++) {
                    limit.tryAcquire("carol").ifPresent(p -> {
                        try (p) {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.onSpinWait();
                            inside.decrementAndGet();
                        }
                    });
                }
                return null;
            }));
        }
        // When
        start.countDown();
        for (var f : done) {
            f.get(20, TimeUnit.SECONDS);
        }
        pool.shutdown();
        // Then
        assertThat(most.get()).isBetween(1, 3);
        assertThat(limit.running("carol")).isZero();
        assertThatThrownBy(() -> new CallerConcurrencyLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
