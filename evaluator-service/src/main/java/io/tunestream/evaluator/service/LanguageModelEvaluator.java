package io.tunestream.evaluator.service;

import io.tunestream.evaluator.domain.BootstrapSettings;
import io.tunestream.evaluator.domain.ExampleLosses;
import io.tunestream.evaluator.domain.LanguageModelComparison;
import io.tunestream.evaluator.domain.LanguageModelMetrics;
import io.tunestream.evaluator.report.GenerationSample;
import io.tunestream.evaluator.report.LanguageModelResults;
import io.tunestream.events.Task;
import io.tunestream.model.LmExample;
import io.tunestream.model.TokenScores;
import io.tunestream.model.events.ModelSpec;
import io.tunestream.model.events.TrainedLanguageModel;
import io.tunestream.model.generate.Generation;
import io.tunestream.model.generate.GenerationSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/**
 * Evaluates a causal-LM checkpoint on its test split: the fine-tuned model's per-example loss, token accuracy and
 * greedy exact match; the untuned base model's loss on the same examples (the blessing's default reference) and
 * its generations for the sample table; the champion's per-example loss for the paired tests. Models are loaded
 * one at a time and closed before the next, so peak memory is one model.
 */
public final class LanguageModelEvaluator {

    private static final Logger LOG = Logger.getLogger(LanguageModelEvaluator.class);

    /** Loads a causal LM for inference. */
    public interface Loader {
        /**
         * @param spec the model to rebuild
         * @param weights its trained tensors, or null for the untuned base model
         * @return the model, ready to score and generate
         */
        TrainedLanguageModel load(ModelSpec spec, Path weights);
    }

    /**
     * @param samples prompts in the report's generations table
     * @param extraNewTokens how many tokens beyond the reference's a generation for exact match may run
     * @param maxNewTokens the most new tokens of any generation
     * @param batchSize examples per forward pass or generation batch
     */
    public record Settings(int samples, int extraNewTokens, int maxNewTokens, int batchSize) {

        /** Validates the settings. */
        public Settings {
            if (samples < 0 || extraNewTokens < 0 || batchSize < 1) {
                throw new IllegalArgumentException("samples and extraNewTokens must be >= 0, batchSize >= 1");
            }
            if (maxNewTokens < 1 || maxNewTokens > GenerationSettings.MAX_NEW_TOKENS) {
                throw new IllegalArgumentException("maxNewTokens must be in 1.." + GenerationSettings.MAX_NEW_TOKENS
                        + ", got " + maxNewTokens);
            }
        }
    }

    /**
     * The evaluation of a causal LM.
     *
     * @param results what the report shows
     * @param championVersion the champion compared with, when there was one
     */
    public record Outcome(LanguageModelResults results, OptionalInt championVersion) {
    }

    private final Loader loader;
    private final Settings settings;
    private final BootstrapSettings bootstrap;

    /**
     * @param loader loads the fine-tuned, base and champion models
     * @param settings generation bounds, samples and batch size
     * @param bootstrap settings of the paired bootstrap against the champion
     */
    public LanguageModelEvaluator(Loader loader, Settings settings, BootstrapSettings bootstrap) {
        this.loader = loader;
        this.settings = settings;
        this.bootstrap = bootstrap;
    }

    /**
     * @param spec the checkpoint's spec (task CAUSAL_LM)
     * @param weights the checkpoint's trained tensors
     * @param sha256 the checkpoint's SHA-256 (a champion with the same weights is not compared)
     * @param test the test examples
     * @param champion the current champion of the model name, if any
     * @return metrics, base metrics, the comparison and the sample generations
     */
    public Outcome evaluate(ModelSpec spec, Path weights, String sha256, LmTestSet test,
            Optional<RegisteredModel> champion) {
        List<LmExample> examples = test.examples();
        List<Integer> withReference = test.completionIndices();
        List<Integer> samples = test.sampleIndices(settings.samples());
        ExampleLosses tuned;
        LanguageModelMetrics metrics;
        List<String> tunedSamples;
        try (TrainedLanguageModel model = load(spec, weights)) {
            tuned = losses(model.score(examples, settings.batchSize()));
            metrics = LanguageModelMetrics.of(tuned);
            if (!withReference.isEmpty()) {
                List<String> outputs = generate(model, test.prompts(withReference), tokens(tuned, withReference));
                metrics = metrics.withExactMatch(
                        LanguageModelMetrics.exactMatch(test.references(withReference), outputs));
            }
            tunedSamples = generate(model, test.prompts(samples), tokens(tuned, samples));
        }
        LanguageModelMetrics base;
        List<String> baseSamples;
        try (TrainedLanguageModel model = load(spec, null)) {
            base = LanguageModelMetrics.of(losses(model.score(examples, settings.batchSize())));
            baseSamples = generate(model, test.prompts(samples), tokens(tuned, samples));
        }
        List<GenerationSample> table = new ArrayList<>();
        for (int k = 0; k < samples.size(); k++) {
            int i = samples.get(k);
            table.add(new GenerationSample(test.prompt(i), test.reference(i), baseSamples.get(k), tunedSamples.get(k)));
        }
        Optional<RegisteredModel> rival = comparable(spec, sha256, champion);
        Optional<LanguageModelComparison> comparison = rival.map(c -> compare(c, examples, tuned));
        return new Outcome(new LanguageModelResults(metrics, base, comparison, table),
                rival.map(c -> OptionalInt.of(c.version())).orElse(OptionalInt.empty()));
    }

    private LanguageModelComparison compare(RegisteredModel champion, List<LmExample> examples, ExampleLosses tuned) {
        try (TrainedLanguageModel model = load(champion.spec(), champion.weights())) {
            ExampleLosses theirs = losses(model.score(examples, settings.batchSize()));
            return LanguageModelComparison.run(theirs, tuned, bootstrap);
        }
    }

    private static Optional<RegisteredModel> comparable(ModelSpec spec, String sha256, Optional<RegisteredModel> champion) {
        if (champion.isEmpty()) {
            return Optional.empty();
        }
        RegisteredModel c = champion.get();
        if (c.artifactSha256() != null && c.artifactSha256().equals(sha256)) {
            LOG.infof("The checkpoint is the champion's own weights (v%d): no A/B comparison", c.version());
            return Optional.empty();
        }
        if (c.spec().task() != Task.CAUSAL_LM) {
            LOG.warnf("Champion v%d of %s is a %s model, not a causal LM: no A/B comparison", c.version(), c.name(),
                    c.spec().task());
            return Optional.empty();
        }
        return champion;
    }

    /** Greedy generations bounded per batch by the longest reference in it (in tokens) plus the allowance. */
    private List<String> generate(TrainedLanguageModel model, List<String> prompts, int[] referenceTokens) {
        List<String> out = new ArrayList<>(prompts.size());
        for (int from = 0; from < prompts.size(); from += settings.batchSize()) {
            int to = Math.min(prompts.size(), from + settings.batchSize());
            int longest = 1;
            for (int i = from; i < to; i++) {
                longest = Math.max(longest, referenceTokens[i]);
            }
            int bound = Math.min(settings.maxNewTokens(), longest + settings.extraNewTokens());
            for (Generation g : model.generate(prompts.subList(from, to), GenerationSettings.greedy(bound),
                    settings.batchSize())) {
                out.add(g.text());
            }
        }
        return out;
    }

    private TrainedLanguageModel load(ModelSpec spec, Path weights) {
        try {
            return loader.load(spec, weights);
        } catch (RuntimeException e) {
            throw new EvaluationFailedException("cannot load " + spec.baseModel()
                    + (weights == null ? " (untuned)" : " with " + weights) + ": " + e.getMessage(), e);
        }
    }

    private static ExampleLosses losses(TokenScores scores) {
        return new ExampleLosses(scores.lossSum(), scores.tokens(), scores.correct());
    }

    /** Target tokens of the given examples: the reference length a generation is bounded by. */
    private static int[] tokens(ExampleLosses scores, List<Integer> indices) {
        return indices.stream().mapToInt(i -> scores.tokens()[i]).toArray();
    }
}
