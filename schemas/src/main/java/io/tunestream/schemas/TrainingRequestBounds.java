package io.tunestream.schemas;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The documented bounds of every training and sweep request field that sizes work. The trainer checks them at its
 * doors (REST, the requests topic, sweeps) and answers 400 naming the field and the bound.
 *
 * <table>
 *   <caption>Bounds</caption>
 *   <tr><th>field</th><th>min</th><th>max</th></tr>
 *   <tr><td>{@code hyperParameters.epochs}</td><td>1</td><td>{@value #MAX_EPOCHS}</td></tr>
 *   <tr><td>{@code hyperParameters.maxSteps}</td><td>1</td><td>{@value #MAX_STEPS}</td></tr>
 *   <tr><td>{@code hyperParameters.batchSize}</td><td>1</td><td>{@value #MAX_BATCH_SIZE}</td></tr>
 *   <tr><td>{@code hyperParameters.gradientAccumulation}</td><td>1</td><td>{@value #MAX_GRADIENT_ACCUMULATION}</td></tr>
 *   <tr><td>{@code hyperParameters.maxSequenceLength}</td><td>8</td><td>{@value #MAX_SEQUENCE_LENGTH}</td></tr>
 *   <tr><td>{@code hyperParameters.warmupSteps}</td><td>0</td><td>{@value #MAX_STEPS}</td></tr>
 *   <tr><td>{@code hyperParameters.evalEverySteps}</td><td>1</td><td>{@value #MAX_STEPS}</td></tr>
 *   <tr><td>{@code hyperParameters.earlyStoppingPatience}</td><td>1</td><td>{@value #MAX_PATIENCE}</td></tr>
 *   <tr><td>{@code hyperParameters.classWeights} (labels)</td><td>1</td><td>{@value #MAX_LABELS}</td></tr>
 *   <tr><td>{@code method.loraRank}</td><td>1</td><td>{@value #MAX_LORA_RANK}</td></tr>
 *   <tr><td>{@code method.adapterSize}</td><td>1</td><td>{@value #MAX_ADAPTER_SIZE}</td></tr>
 *   <tr><td>{@code method.promptLength}</td><td>1</td><td>{@value #MAX_PROMPT_LENGTH}</td></tr>
 *   <tr><td>{@code method.targetModules} (entries)</td><td>1</td><td>{@value #MAX_TARGET_MODULES}</td></tr>
 *   <tr><td>{@code numTrials} (sweep)</td><td>1</td><td>{@value #MAX_TRIALS}</td></tr>
 *   <tr><td>{@code maxConcurrentTrials} (sweep)</td><td>1</td><td>{@value #MAX_CONCURRENT_TRIALS}</td></tr>
 *   <tr><td>{@code space} (sweep parameters)</td><td>1</td><td>{@value #MAX_SPACE_PARAMETERS}</td></tr>
 *   <tr><td>{@code scheduler.maxResource} (sweep)</td><td>1</td><td>{@value #MAX_STEPS}</td></tr>
 * </table>
 */
public final class TrainingRequestBounds {

    /** Most passes over the train split. */
    public static final int MAX_EPOCHS = 100;
    /** Most optimizer steps (also the bound of step counts: warm-up, evaluation interval, sweep resource). */
    public static final int MAX_STEPS = 1_000_000;
    /** Most examples per micro-batch. */
    public static final int MAX_BATCH_SIZE = 512;
    /** Most micro-batches per optimizer step. */
    public static final int MAX_GRADIENT_ACCUMULATION = 256;
    /** Longest sequence: the bundled MiniLM has 512 position embeddings. */
    public static final int MAX_SEQUENCE_LENGTH = 512;
    /** Most evaluations without improvement before early stopping. */
    public static final int MAX_PATIENCE = 1_000;
    /** Most class-weight entries. */
    public static final int MAX_LABELS = 10_000;
    /** Largest LoRA rank. */
    public static final int MAX_LORA_RANK = 1024;
    /** Widest adapter bottleneck. */
    public static final int MAX_ADAPTER_SIZE = 4096;
    /** Most soft-prompt vectors. */
    public static final int MAX_PROMPT_LENGTH = 512;
    /** Most LoRA target-module patterns. */
    public static final int MAX_TARGET_MODULES = 64;
    /** Most trials of one sweep. */
    public static final int MAX_TRIALS = 1000;
    /** Most trials of one sweep pending or running at once. */
    public static final int MAX_CONCURRENT_TRIALS = 64;
    /** Most searched parameters of one sweep. */
    public static final int MAX_SPACE_PARAMETERS = 16;

    /**
     * A closed range of a field.
     *
     * @param field the field's path in the request
     * @param min smallest allowed value
     * @param max largest allowed value
     */
    public record Bound(String field, long min, long max) {

        /**
         * @param value the field's value; null (unset) is within bounds
         * @return "hyperParameters.batchSize must be in [1, 512], got: 100000"; empty when within bounds
         */
        public Optional<String> problem(Number value) {
            if (value == null || (value.longValue() >= min && value.longValue() <= max
                    && value.doubleValue() == value.longValue())) {
                return Optional.empty();
            }
            return Optional.of(field + " must be in [" + min + ", " + max + "], got: " + value);
        }
    }

    /** Every bound by field. */
    public static final Map<String, Bound> BOUNDS = table(
            new Bound("hyperParameters.epochs", 1, MAX_EPOCHS),
            new Bound("hyperParameters.maxSteps", 1, MAX_STEPS),
            new Bound("hyperParameters.batchSize", 1, MAX_BATCH_SIZE),
            new Bound("hyperParameters.gradientAccumulation", 1, MAX_GRADIENT_ACCUMULATION),
            new Bound("hyperParameters.maxSequenceLength", 8, MAX_SEQUENCE_LENGTH),
            new Bound("hyperParameters.warmupSteps", 0, MAX_STEPS),
            new Bound("hyperParameters.evalEverySteps", 1, MAX_STEPS),
            new Bound("hyperParameters.earlyStoppingPatience", 1, MAX_PATIENCE),
            new Bound("hyperParameters.classWeights", 1, MAX_LABELS),
            new Bound("method.loraRank", 1, MAX_LORA_RANK),
            new Bound("method.adapterSize", 1, MAX_ADAPTER_SIZE),
            new Bound("method.promptLength", 1, MAX_PROMPT_LENGTH),
            new Bound("method.targetModules", 1, MAX_TARGET_MODULES),
            new Bound("numTrials", 1, MAX_TRIALS),
            new Bound("maxConcurrentTrials", 1, MAX_CONCURRENT_TRIALS),
            new Bound("space", 1, MAX_SPACE_PARAMETERS),
            new Bound("scheduler.maxResource", 1, MAX_STEPS));

    private TrainingRequestBounds() {
    }

    /**
     * @param field a field of {@link #BOUNDS}
     * @param value its value; null (unset) passes
     * @return the problem naming the field and its bound; empty when within bounds
     */
    public static Optional<String> problem(String field, Number value) {
        Bound bound = BOUNDS.get(field);
        if (bound == null) {
            throw new IllegalArgumentException("no bound for field " + field);
        }
        return bound.problem(value);
    }

    private static Map<String, Bound> table(Bound... bounds) {
        Map<String, Bound> map = new LinkedHashMap<>();
        for (Bound b : bounds) {
            map.put(b.field(), b);
        }
        return Collections.unmodifiableMap(map);
    }
}
