package io.tunestream.evaluator.report;

import java.util.Objects;

/**
 * One row of the report's sample-generations table: a test prompt, its reference continuation, and what the
 * untuned base model and the fine-tuned model generated greedily from it.
 *
 * @param prompt the prompt (for a plain-text record: its first half)
 * @param reference the reference completion (for a plain-text record: the rest of the text)
 * @param baseOutput the base model's generation
 * @param fineTunedOutput the fine-tuned model's generation
 */
public record GenerationSample(String prompt, String reference, String baseOutput, String fineTunedOutput) {

    /** Checks that no part is null. */
    public GenerationSample {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(baseOutput, "baseOutput");
        Objects.requireNonNull(fineTunedOutput, "fineTunedOutput");
    }
}
