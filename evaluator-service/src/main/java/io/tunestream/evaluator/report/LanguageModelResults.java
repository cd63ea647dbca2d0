package io.tunestream.evaluator.report;

import io.tunestream.evaluator.domain.LanguageModelComparison;
import io.tunestream.evaluator.domain.LanguageModelMetrics;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a causal LM's report shows beyond the common sections.
 *
 * @param metrics the fine-tuned model's perplexity, loss, token accuracy and exact match on the test split
 * @param base the untuned base model's metrics on the same split (what fine-tuning changed)
 * @param comparison the A/B against the champion on per-example loss, when there is a champion
 * @param samples sample generations of the base and the fine-tuned model
 */
public record LanguageModelResults(
        LanguageModelMetrics metrics,
        LanguageModelMetrics base,
        Optional<LanguageModelComparison> comparison,
        List<GenerationSample> samples) {

    /** Checks and copies. */
    public LanguageModelResults {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(comparison, "comparison");
        samples = List.copyOf(samples);
    }
}
