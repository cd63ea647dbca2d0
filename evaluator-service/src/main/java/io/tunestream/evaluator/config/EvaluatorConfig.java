package io.tunestream.evaluator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tunestream.evaluator.domain.ComparisonTest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Settings of the evaluator service ({@code tunestream.evaluator.*}). */
@ConfigMapping(prefix = "tunestream.evaluator")
public interface EvaluatorConfig {

    /** Prefix of every topic name. */
    @WithDefault("tunestream.")
    String topicPrefix();

    /** Consumer group of the checkpoint workers (all evaluator pods share it). */
    @WithDefault("tunestream-evaluator")
    String groupId();

    /** Consumer group of the scoring workers. */
    @WithDefault("tunestream-scoring")
    String scoringGroupId();

    /** Whether this instance consumes checkpoints and scoring requests (false: REST only). */
    @WithDefault("true")
    boolean workerEnabled();

    /** Evaluate every checkpoint (true) or only each job's final, kept one (false). */
    @WithDefault("false")
    boolean evaluateEveryCheckpoint();

    /**
     * Where assembled checkpoint weights (the artifacts the registry copies: a volume it can read) and reports go;
     * default {@code ~/.cache/tunestream/evaluator}.
     */
    Optional<String> workDir();

    /**
     * Directories ARTIFACT checkpoints (full fine-tuning weights, a {@code file:} URI) may lie under: the trainer's
     * artifact store. A checkpoint naming a file elsewhere is dead-lettered, never read.
     */
    @WithDefault("${user.home}/.cache/tunestream/artifacts")
    List<String> artifactRoots();

    /** How long to wait for the test split's seal. */
    @WithDefault("60s")
    Duration datasetWaitTimeout();

    /** Texts per forward pass when scoring. */
    @WithDefault("32")
    int batchSize();

    /** Longest an evaluation may take before the group considers the worker dead (consumer max.poll.interval.ms). */
    @WithDefault("30m")
    Duration maxEvaluationTime();

    /**
     * On SIGTERM, how long the evaluation in hand gets to finish, publish and commit; past it the worker stops without
     * committing its checkpoint (and without dead-lettering it), so the next worker of the group evaluates it again
     * under the same evaluation id, which the registry registers once.
     */
    @WithDefault("25s")
    Duration shutdownGrace();

    /**
     * Session timeout of the checkpoint workers' consumer group: how long the group waits before a crashed
     * evaluator's checkpoints are given to another instance (which evaluates them again, under the same ids).
     */
    @WithDefault("45s")
    Duration sessionTimeout();

    /** Registry base URL, used to download a champion's weights when its artifact URI is not a readable file. */
    Optional<String> registryUrl();

    /**
     * Most re-evaluations and scoring calls of one caller (the authenticated principal, else the remote address)
     * running at once; beyond it a call answers 429.
     */
    @WithDefault("2")
    int maxConcurrentRequestsPerCaller();

    /** Model versions kept loaded for scoring. */
    @WithDefault("2")
    int scoringCacheSize();

    /** The blessing rule. */
    Blessing blessing();

    /** How causal-LM checkpoints are evaluated. */
    LanguageModel languageModel();

    /** Causal-LM evaluation: the sample table and the bounds of greedy generation. */
    interface LanguageModel {
        /** Test prompts shown in the report with the base and the fine-tuned model's generations. */
        @WithDefault("8")
        int samples();

        /**
         * Tokens a greedy generation may run beyond its reference completion's length (the exact-match bound is
         * reference tokens + this), so an over-long answer is still seen to be one.
         */
        @WithDefault("8")
        int extraNewTokens();

        /** Most new tokens of any generation, however long the reference. */
        @WithDefault("256")
        int maxNewTokens();
    }

    /** The blessing rule: a threshold on one metric, a paired test against the champion, a class-F1 tolerance. */
    interface Blessing {
        /** Metric with a minimum, by name: accuracy, f1_macro, f1_weighted, f1_micro, precision_macro, ... */
        @WithDefault("f1_macro")
        String thresholdMetric();

        /** Its minimum. */
        @WithDefault("0.5")
        double minimum();

        /** Paired test that must show the challenger better than the champion. */
        @WithDefault("MCNEMAR")
        ComparisonTest test();

        /** Significance level of that test. */
        @WithDefault("0.05")
        double alpha();

        /** How far below the champion's F1 any class's F1 may be. */
        @WithDefault("0.02")
        double classF1Tolerance();

        /**
         * Largest test perplexity a causal LM may have to be blessed. Unset: it must be lower than its untuned base
         * model's perplexity on the same test split.
         */
        OptionalDouble maxPerplexity();

        /** Paired test on per-example loss that must show a causal-LM challenger better: WILCOXON or PAIRED_BOOTSTRAP. */
        @WithDefault("WILCOXON")
        ComparisonTest languageModelTest();
    }
}
