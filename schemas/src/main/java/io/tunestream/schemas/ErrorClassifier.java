package io.tunestream.schemas;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What a consumer does with a message whose handling failed, one vocabulary for every service:
 * <ul>
 *   <li>{@link Kind#TRANSIENT}: the same message may succeed later (a broker or dependency unavailable for a
 *       while): retry it, do not dead-letter it;</li>
 *   <li>{@link Kind#PERMANENT}: the message is well-formed but cannot be processed here (its dataset is unknown,
 *       its model does not load): dead-letter it with the reason;</li>
 *   <li>{@link Kind#POISON}: the message itself is broken (undecodable, corrupt, forged): dead-letter its original
 *       bytes with the reason.</li>
 * </ul>
 * Rules are tried on the error, then on each of its causes, in the order they were added; the first match wins,
 * and the fallback applies when none matches. Pure: no I/O; Kafka types are only matched by class.
 */
public final class ErrorClassifier {

    /** Kinds of failure. */
    public enum Kind {
        /** Retry later. */
        TRANSIENT,
        /** Dead-letter: valid message, cannot be processed. */
        PERMANENT,
        /** Dead-letter: the message itself is broken. */
        POISON;

        /** Whether a message failing this way goes to the dead-letter topic (never retried). */
        public boolean deadLetters() {
            return this != TRANSIENT;
        }
    }

    /**
     * A classified failure.
     *
     * @param kind   what to do
     * @param reason machine-readable reason (the dead-letter {@link DeadLetterHeaders#REASON})
     * @param error  the error that matched (the failure itself when only the fallback applied)
     */
    public record Verdict(Kind kind, String reason, Throwable error) {

        /** The dead-letter refusal: reason, the matching error's message and class. */
        public DeadLetterHeaders.Refusal refusal() {
            return DeadLetterHeaders.Refusal.of(reason, error);
        }
    }

    private record Rule<T extends Throwable>(Class<T> type, Kind kind, Function<? super T, String> reason) {

        String reasonFor(Throwable error) {
            return reason.apply(type.cast(error));
        }
    }

    private final List<Rule<?>> rules;
    private final Kind fallbackKind;
    private final String fallbackReason;

    private ErrorClassifier(List<Rule<?>> rules, Kind fallbackKind, String fallbackReason) {
        this.rules = List.copyOf(rules);
        this.fallbackKind = fallbackKind;
        this.fallbackReason = fallbackReason;
    }

    /** A builder with no rules and the fallback PERMANENT {@code ERROR}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param error what the handler threw; null is refused
     * @return the first rule matching the error or one of its causes, else the fallback
     */
    public Verdict classify(Throwable error) {
        if (error == null) {
            throw new IllegalArgumentException("no error to classify");
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable e = error; e != null && seen.add(e); e = e.getCause()) {
            for (Rule<?> rule : rules) {
                if (rule.type().isInstance(e)) {
                    return new Verdict(rule.kind(), rule.reasonFor(e), e);
                }
            }
        }
        return new Verdict(fallbackKind, fallbackReason, error);
    }

    /** Builds a classifier; rules added first are tried first. */
    public static final class Builder {

        private final List<Rule<?>> rules = new ArrayList<>();
        private Kind fallbackKind = Kind.PERMANENT;
        private String fallbackReason = "ERROR";

        private Builder() {
        }

        /** Errors of this type (or caused by one) are retried. */
        public <T extends Throwable> Builder transientWhen(Class<T> type, String reason) {
            return add(type, Kind.TRANSIENT, e -> reason);
        }

        /** Errors of this type (or caused by one) dead-letter the message with a fixed reason. */
        public <T extends Throwable> Builder permanentWhen(Class<T> type, String reason) {
            return add(type, Kind.PERMANENT, e -> reason);
        }

        /** Errors of this type (or caused by one) dead-letter the message with a reason read from the error. */
        public <T extends Throwable> Builder permanentWhen(Class<T> type, Function<? super T, String> reason) {
            return add(type, Kind.PERMANENT, reason);
        }

        /** Errors of this type (or caused by one) mean the message itself is broken. */
        public <T extends Throwable> Builder poisonWhen(Class<T> type, String reason) {
            return add(type, Kind.POISON, e -> reason);
        }

        /**
         * Kafka's own vocabulary, after the rules added so far: a {@link SerializationException} (the record cannot
         * be decoded) is POISON with the given reason; a {@link RetriableException} (Kafka says a retry may
         * succeed) is TRANSIENT {@code KAFKA_RETRIABLE}.
         */
        public Builder kafkaDefaults(String undecodableReason) {
            poisonWhen(SerializationException.class, undecodableReason);
            return transientWhen(RetriableException.class, "KAFKA_RETRIABLE");
        }

        /** What an error no rule matches is; PERMANENT {@code ERROR} unless set. */
        public Builder otherwise(Kind kind, String reason) {
            if (kind == null || reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a fallback needs a kind and a reason");
            }
            this.fallbackKind = kind;
            this.fallbackReason = reason;
            return this;
        }

        /** The classifier. */
        public ErrorClassifier build() {
            return new ErrorClassifier(rules, fallbackKind, fallbackReason);
        }

        private <T extends Throwable> Builder add(Class<T> type, Kind kind, Function<? super T, String> reason) {
            if (type == null || kind == null || reason == null) {
                throw new IllegalArgumentException("a rule needs a type, a kind and a reason");
            }
            rules.add(new Rule<>(type, kind, reason));
            return this;
        }
    }
}
