package io.tunestream.kafka.toolkit;

import io.tunestream.kafka.toolkit.ConsumerLoop.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * How a {@link ConsumerLoop} reads, decides and stops. Start from {@link #of} and change what differs with the
 * {@code with...} methods.
 *
 * @param name                    the loop's name (its threads and log lines)
 * @param topics                  topics subscribed to
 * @param decoder                 turns a value's bytes into {@code V}; what it refuses is dead-lettered as
 *                                {@code UNDECODABLE}
 * @param select                  which decoded records get work; the others are passed over (committed, counted)
 * @param classifier              what a failure of the work means: retry, dead-letter or stop
 * @param maxAttempts             runs of the work per record at most (1: no retry)
 * @param initialBackoff          wait before the first retry; doubled per retry
 * @param maxBackoff              the longest wait between retries
 * @param shutdownGrace           how long {@link ConsumerLoop#close()} lets running work finish before abandoning it
 * @param pollTimeout             how long one poll blocks
 * @param keepRunningWorkOnRevoke on revocation of a running record's partition: commit it and let the work finish
 *                                here (true: never run twice), or abandon it to the new owner (false)
 * @param <V>                     the decoded value type
 */
public record ConsumerLoopSettings<V>(String name, List<String> topics, Deserializer<V> decoder,
        Predicate<ConsumerRecord<String, V>> select, Function<Throwable, Verdict> classifier, int maxAttempts,
        Duration initialBackoff, Duration maxBackoff, Duration shutdownGrace, Duration pollTimeout,
        boolean keepRunningWorkOnRevoke) {

    /** Checks the settings. */
    public ConsumerLoopSettings {
        Objects.requireNonNull(name, "name");
        topics = List.copyOf(topics);
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(select, "select");
        Objects.requireNonNull(classifier, "classifier");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /**
     * Defaults: every non-null value selected, Kafka's retriable errors retried 3 times from 1 s up to 30 s, any
     * other failure dead-lettered, 10 s shutdown grace, 200 ms polls, running work abandoned on revocation.
     */
    public static <V> ConsumerLoopSettings<V> of(String name, List<String> topics, Deserializer<V> decoder) {
        return new ConsumerLoopSettings<>(name, topics, decoder, r -> r.value() != null,
                ConsumerLoopSettings::retryTransient, 3, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofMillis(200), false);
    }

    /** Kafka's retriable errors and timeouts are transient; anything else is the record's fault. */
    public static Verdict retryTransient(Throwable error) {
        return error instanceof RetriableException || error instanceof TimeoutException
                ? Verdict.RETRY : Verdict.DEAD_LETTER;
    }

    /** @return these settings selecting only the records {@code select} accepts */
    public ConsumerLoopSettings<V> withSelect(Predicate<ConsumerRecord<String, V>> select) {
        return new ConsumerLoopSettings<>(name, topics, decoder, select, classifier, maxAttempts, initialBackoff,
                maxBackoff, shutdownGrace, pollTimeout, keepRunningWorkOnRevoke);
    }

    /** @return these settings with another failure classifier */
    public ConsumerLoopSettings<V> withClassifier(Function<Throwable, Verdict> classifier) {
        return new ConsumerLoopSettings<>(name, topics, decoder, select, classifier, maxAttempts, initialBackoff,
                maxBackoff, shutdownGrace, pollTimeout, keepRunningWorkOnRevoke);
    }

    /** @return these settings with another retry policy */
    public ConsumerLoopSettings<V> withRetry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        return new ConsumerLoopSettings<>(name, topics, decoder, select, classifier, maxAttempts, initialBackoff,
                maxBackoff, shutdownGrace, pollTimeout, keepRunningWorkOnRevoke);
    }

    /** @return these settings with another shutdown grace ({@link Duration#ZERO}: abandon at once) */
    public ConsumerLoopSettings<V> withShutdownGrace(Duration shutdownGrace) {
        return new ConsumerLoopSettings<>(name, topics, decoder, select, classifier, maxAttempts, initialBackoff,
                maxBackoff, shutdownGrace, pollTimeout, keepRunningWorkOnRevoke);
    }

    /** @return these settings keeping (true) or abandoning (false) running work whose partition is revoked */
    public ConsumerLoopSettings<V> withKeepRunningWorkOnRevoke(boolean keep) {
        return new ConsumerLoopSettings<>(name, topics, decoder, select, classifier, maxAttempts, initialBackoff,
                maxBackoff, shutdownGrace, pollTimeout, keep);
    }

    /** @return the wait before retry number {@code attempt} (1-based): initial * 2^(attempt-1), at most the max */
    public Duration backoff(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
        Duration wait = initialBackoff.multipliedBy(factor);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
