package io.tunestream.schemas;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorClassifierTest {

    /** A service-specific error carrying its own reason. */
    static final class MissingDataset extends RuntimeException {
        final String kind;

        MissingDataset(String kind) {
            super("dataset is " + kind);
            this.kind = kind;
        }
    }

    private final ErrorClassifier classifier = ErrorClassifier.builder()
            .permanentWhen(MissingDataset.class, e -> "DATASET_" + e.kind)
            .poisonWhen(IllegalStateException.class, "CORRUPT")
            .transientWhen(UncheckedIOException.class, "IO")
            .kafkaDefaults("UNDECODABLE")
            .otherwise(ErrorClassifier.Kind.PERMANENT, "EVALUATION_ERROR")
            .build();

    @Test
    void shouldTakeTheReasonFromTheErrorWhenARuleReadsIt() {
        // When
        ErrorClassifier.Verdict verdict = classifier.classify(new MissingDataset("UNKNOWN"));

        // Then
        assertThat(verdict.kind()).isEqualTo(ErrorClassifier.Kind.PERMANENT);
        assertThat(verdict.reason()).isEqualTo("DATASET_UNKNOWN");
        assertThat(verdict.kind().deadLetters()).isTrue();
        assertThat(verdict.refusal()).isEqualTo(new DeadLetterHeaders.Refusal("DATASET_UNKNOWN", "dataset is UNKNOWN",
                MissingDataset.class.getName()));
    }

    @Test
    void shouldMatchACauseWhenTheErrorItselfMatchesNoRule() {
        // Given a wrapper no rule names around a corrupt-input error
        RuntimeException wrapped = new RuntimeException("while evaluating", new IllegalStateException("bad chunk"));

        // When
        ErrorClassifier.Verdict verdict = classifier.classify(wrapped);

        // Then the cause decides, and its message is the detail
        assertThat(verdict.kind()).isEqualTo(ErrorClassifier.Kind.POISON);
        assertThat(verdict.refusal().detail()).isEqualTo("bad chunk");
    }

    @Test
    void shouldRetryAndNotDeadLetterWhenTheErrorIsTransient() {
        ErrorClassifier.Verdict io = classifier.classify(new UncheckedIOException(new IOException("disk busy")));
        ErrorClassifier.Verdict kafka = classifier.classify(new TimeoutException("broker away"));

        assertThat(io.kind()).isEqualTo(ErrorClassifier.Kind.TRANSIENT);
        assertThat(io.kind().deadLetters()).isFalse();
        assertThat(kafka.kind()).isEqualTo(ErrorClassifier.Kind.TRANSIENT);
        assertThat(kafka.reason()).isEqualTo("KAFKA_RETRIABLE");
    }

    @Test
    void shouldCallAnUndecodableRecordPoisonWhenKafkaDefaultsAreOn() {
        assertThat(classifier.classify(new SerializationException("unknown magic byte")))
                .extracting(ErrorClassifier.Verdict::kind, ErrorClassifier.Verdict::reason)
                .containsExactly(ErrorClassifier.Kind.POISON, "UNDECODABLE");
    }

    @Test
    void shouldUseTheFallbackWhenNoRuleMatchesTheErrorOrItsCauses() {
        // Given an error whose cause chain loops back on itself
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        // When
        ErrorClassifier.Verdict verdict = classifier.classify(a);

        // Then
        assertThat(verdict.kind()).isEqualTo(ErrorClassifier.Kind.PERMANENT);
        assertThat(verdict.reason()).isEqualTo("EVALUATION_ERROR");
        assertThat(verdict.error()).isSameAs(a);
    }

    @Test
    void shouldTryRulesInTheOrderTheyWereAdded() {
        // Given two rules that both match an IllegalStateException
        ErrorClassifier first = ErrorClassifier.builder().permanentWhen(RuntimeException.class, "ANY")
                .poisonWhen(IllegalStateException.class, "CORRUPT").build();

        // Then the first one added wins
        assertThat(first.classify(new IllegalStateException()).reason()).isEqualTo("ANY");
        assertThat(ErrorClassifier.builder().build().classify(new Error("x")).reason()).isEqualTo("ERROR");
    }

    @Test
    void shouldRefuseANullErrorOrAnIncompleteRule() {
        assertThatThrownBy(() -> classifier.classify(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErrorClassifier.builder().otherwise(ErrorClassifier.Kind.POISON, " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErrorClassifier.builder().poisonWhen(null, "X"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
