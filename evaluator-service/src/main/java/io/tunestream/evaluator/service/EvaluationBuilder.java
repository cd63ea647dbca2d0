package io.tunestream.evaluator.service;

import io.tunestream.evaluator.domain.AbComparison;
import io.tunestream.evaluator.domain.BlessingDecision;
import io.tunestream.evaluator.domain.BootstrapResult;
import io.tunestream.evaluator.domain.ClassScores;
import io.tunestream.evaluator.domain.ClassificationMetrics;
import io.tunestream.evaluator.domain.ComparisonTest;
import io.tunestream.evaluator.domain.LanguageModelComparison;
import io.tunestream.evaluator.domain.LanguageModelMetrics;
import io.tunestream.evaluator.domain.McNemarResult;
import io.tunestream.evaluator.domain.RegressionComparison;
import io.tunestream.evaluator.domain.RegressionMetrics;
import io.tunestream.evaluator.domain.WilcoxonResult;
import io.tunestream.evaluator.report.LanguageModelResults;
import io.tunestream.evaluator.report.ReportFiles;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.ClassMetrics;
import io.tunestream.events.Comparison;
import io.tunestream.events.ConfusionMatrix;
import io.tunestream.events.Evaluation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps the evaluator's domain results onto the Avro {@link Evaluation} event, field by field. */
final class EvaluationBuilder {

    private final Checkpoint header;
    private final Path weights;
    private final long testRecords;
    private final Instant at;
    private final ComparisonTest test;
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final List<ClassMetrics> perClass = new ArrayList<>();
    private ConfusionMatrix confusion;
    private Comparison comparison;
    private int championVersion;
    private BlessingDecision blessing;
    private ReportFiles report;

    EvaluationBuilder(Checkpoint header, Path weights, long testRecords, Instant at, ComparisonTest test) {
        this.test = test;
        this.header = header;
        this.weights = weights;
        this.testRecords = testRecords;
        this.at = at;
    }

    void championVersion(int version) {
        this.championVersion = version;
    }

    void regression(RegressionMetrics m, Optional<RegressionComparison> ab) {
        metrics.put("spearman", m.spearman());
        metrics.put("pearson", m.pearson());
        metrics.put("mse", m.mse());
        metrics.put("rmse", m.rmse());
        metrics.put("mae", m.mae());
        ab.ifPresent(r -> comparison = new Comparison(championVersion, "wilcoxon-signed-rank-abs-error",
                r.wilcoxon().statistic(), r.wilcoxon().pValue(), r.maeDelta(), null, null));
    }

    void classification(ClassificationMetrics m, Optional<AbComparison> ab) {
        metrics.put("accuracy", m.accuracy());
        metrics.put("f1_macro", m.macro().f1());
        metrics.put("precision_macro", m.macro().precision());
        metrics.put("recall_macro", m.macro().recall());
        metrics.put("f1_weighted", m.weighted().f1());
        metrics.put("precision_weighted", m.weighted().precision());
        metrics.put("recall_weighted", m.weighted().recall());
        metrics.put("f1_micro", m.micro().f1());
        metrics.put("majority_class_rate", m.majorityClassRate());
        m.rocAuc().ifPresent(v -> metrics.put("roc_auc", v));
        for (ClassScores c : m.perClass()) {
            perClass.add(new ClassMetrics(c.label(), c.precision(), c.recall(), c.f1(), c.support()));
        }
        List<List<Long>> rows = new ArrayList<>();
        for (long[] row : m.confusionMatrix().toArray()) {
            rows.add(Arrays.stream(row).boxed().toList());
        }
        confusion = new ConfusionMatrix(m.confusionMatrix().labels(), rows);
        ab.ifPresent(this::comparison);
    }

    /**
     * Causal LM: perplexity, loss (mean per target token, nats), token accuracy, exact match when measured, the
     * base model's perplexity and loss; the comparison's delta is the mean-loss difference (negative: better).
     */
    void languageModel(LanguageModelResults lm) {
        LanguageModelMetrics m = lm.metrics();
        metrics.put("perplexity", m.perplexity());
        metrics.put("loss", m.meanNll());
        metrics.put("token_accuracy", m.tokenAccuracy());
        m.exactMatch().ifPresent(v -> metrics.put("exact_match", v));
        metrics.put("base_perplexity", lm.base().perplexity());
        metrics.put("base_loss", lm.base().meanNll());
        lm.comparison().ifPresent(this::comparison);
    }

    private void comparison(LanguageModelComparison ab) {
        BootstrapResult b = ab.bootstrap();
        if (test == ComparisonTest.WILCOXON) {
            WilcoxonResult w = ab.wilcoxon();
            comparison = new Comparison(championVersion, "wilcoxon-signed-rank-loss", w.statistic(), w.pValue(),
                    b.difference(), b.ciLower(), b.ciUpper());
        } else {
            comparison = new Comparison(championVersion, "paired-bootstrap-" + b.metric(), b.difference(),
                    b.pValue(), b.difference(), b.ciLower(), b.ciUpper());
        }
    }

    private void comparison(AbComparison ab) {
        BootstrapResult b = ab.bootstrap();
        if (test == ComparisonTest.MCNEMAR) {
            McNemarResult m = ab.mcnemar();
            comparison = new Comparison(championVersion, "mcnemar-exact", m.statistic(), m.pValueChallengerBetter(),
                    b.difference(), b.ciLower(), b.ciUpper());
        } else {
            comparison = new Comparison(championVersion, "paired-bootstrap-" + b.metric(), b.difference(),
                    b.pValue(), b.difference(), b.ciLower(), b.ciUpper());
        }
    }

    void blessing(BlessingDecision decision) {
        this.blessing = decision;
    }

    EvaluationBuilder report(ReportFiles files) {
        this.report = files;
        return this;
    }

    Evaluation build() {
        return Evaluation.newBuilder()
                .setEvaluationId(CheckpointEvaluator.evaluationId(header.getCheckpointId()))
                .setCheckpointId(header.getCheckpointId())
                .setJobId(header.getJobId())
                .setModelName(header.getModelName())
                .setTask(header.getTask())
                .setTestRecords(testRecords)
                .setMetrics(metrics)
                .setPerClass(perClass)
                .setConfusionMatrix(confusion)
                .setComparison(comparison)
                .setBlessed(blessing.blessed())
                .setReasons(blessing.reasons())
                .setReportUri(report == null ? null : report.html().toUri().toString())
                .setPlotUris(report == null ? List.of() : report.plots().stream().map(p -> p.toUri().toString()).toList())
                .setLineage(header.getLineage())
                .setArtifactUri(weights.toUri().toString())
                .setArtifactSha256(header.getSha256())
                .setProducedAt(at)
                .build();
    }
}
