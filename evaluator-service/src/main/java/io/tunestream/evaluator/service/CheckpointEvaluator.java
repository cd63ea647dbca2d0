package io.tunestream.evaluator.service;

import io.tunestream.schemas.SafePaths;
import io.tunestream.evaluator.domain.AbComparison;
import io.tunestream.evaluator.domain.BlessingDecision;
import io.tunestream.evaluator.domain.BlessingGate;
import io.tunestream.evaluator.domain.BootstrapSettings;
import io.tunestream.evaluator.domain.ClassificationMetrics;
import io.tunestream.evaluator.domain.LabelIndex;
import io.tunestream.evaluator.domain.PositiveClassScores;
import io.tunestream.evaluator.domain.RegressionBlessing;
import io.tunestream.evaluator.domain.RegressionComparison;
import io.tunestream.evaluator.domain.RegressionMetrics;
import io.tunestream.evaluator.domain.RocAuc;
import io.tunestream.evaluator.domain.ScoreCurves;
import io.tunestream.evaluator.domain.ZeroDivision;
import io.tunestream.evaluator.report.EvaluationReport;
import io.tunestream.evaluator.report.HtmlReport;
import io.tunestream.evaluator.report.RegressionResults;
import io.tunestream.evaluator.report.ReportFiles;
import io.tunestream.evaluator.report.TrainingPoint;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.Evaluation;
import io.tunestream.events.Task;
import io.tunestream.model.events.CheckpointAssembler.Assembled;
import io.tunestream.model.events.ModelSpec;
import io.tunestream.model.events.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * Evaluates one complete checkpoint: scores the TEST split of the exact dataset version it was trained on,
 * computes the task's metrics, scores the current champion of the same model name on the same records and
 * compares the two with paired tests, decides the blessing, writes the plots and the HTML report, and returns
 * the {@link Evaluation} event. Kafka, HTTP and files of other services are behind the small interfaces below.
 */
public final class CheckpointEvaluator {

    private static final Logger LOG = Logger.getLogger(CheckpointEvaluator.class);

    /** The TEST records of a sealed dataset version, checked against its seal. */
    public interface TestSplit {
        /**
         * @return the TEST records in log order
         * @throws io.tunestream.stage.DatasetUnavailableException unknown or incomplete dataset
         */
        List<DatasetRecord> read(String datasetId, String version);
    }

    /** The current champion of a model name, if any, with what it takes to load it. */
    public interface Champions {
        /** @return the champion of {@code modelName} */
        Optional<RegisteredModel> champion(String modelName);
    }

    /** The training curve of a job, from the metrics topic. */
    public interface Curves {
        /** @return the job's metric points in step order (may be empty) */
        List<TrainingPoint> of(String jobId);
    }

    /** Loads a model for inference. */
    public interface Loader {
        /** @return the model, ready to score */
        TrainedModel load(ModelSpec spec, Path weights);
    }

    /**
     * An evaluation and its files.
     *
     * @param event the event to publish
     * @param report the report and plots written
     */
    public record Outcome(Evaluation event, ReportFiles report) {
    }

    private final TestSplit testSplit;
    private final Champions champions;
    private final Curves curves;
    private final Loader loader;
    private final LanguageModelEvaluator languageModels;
    private final BlessingGate gate;
    private final Path reportRoot;
    private final int batchSize;
    private final Clock clock;

    /**
     * @param testSplit source of test records
     * @param champions source of champions
     * @param curves source of training curves
     * @param loader model loader (classifiers and regression)
     * @param languageModels evaluates causal-LM checkpoints
     * @param gate blessing rule
     * @param reportRoot where reports are written ({@code <root>/<model>/<checkpoint>/})
     * @param batchSize texts per forward pass
     * @param clock time of the evaluation
     */
    public CheckpointEvaluator(TestSplit testSplit, Champions champions, Curves curves, Loader loader,
            LanguageModelEvaluator languageModels, BlessingGate gate, Path reportRoot, int batchSize, Clock clock) {
        this.testSplit = testSplit;
        this.champions = champions;
        this.curves = curves;
        this.loader = loader;
        this.languageModels = languageModels;
        this.gate = gate;
        this.reportRoot = reportRoot;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /** @return the evaluation id of a checkpoint: deterministic, so the registry drops a redelivered one */
    public static String evaluationId(String checkpointId) {
        return "eval-" + checkpointId;
    }

    /**
     * @param checkpoint a complete, verified checkpoint
     * @return the evaluation
     * @throws EvaluationFailedException when it cannot be evaluated (no test records, load error)
     */
    public Outcome evaluate(Assembled checkpoint) {
        Checkpoint header = checkpoint.header();
        ModelSpec spec = ModelSpec.of(header);
        String datasetId = header.getLineage().getDatasetId();
        String version = header.getLineage().getDatasetVersion();
        List<DatasetRecord> test = testSplit.read(datasetId, version);
        if (test.isEmpty()) {
            throw new EvaluationFailedException("dataset " + datasetId + "@" + version + " has no TEST records");
        }
        if (spec.task() == Task.CAUSAL_LM) {
            return evaluateLanguageModel(checkpoint, spec, test);
        }
        List<String> texts = test.stream().map(DatasetRecord::getText).toList();
        Instant now = clock.instant();
        EvaluationBuilder event = new EvaluationBuilder(header, checkpoint.weights(), test.size(), now,
                gate.policy().test());
        Optional<ClassificationMetrics> classification = Optional.empty();
        Optional<RegressionResults> regression = Optional.empty();
        Optional<AbComparison> comparison = Optional.empty();
        List<ScoreCurves.ClassCurves> curvesOfScores = List.of();
        BlessingDecision blessing;
        long started = System.nanoTime();
        List<float[]> scores = scoreAndExport(spec, checkpoint.weights(), texts);
        LOG.infof("Scored %d test records of %s in %.1f s", texts.size(), header.getCheckpointId(),
                (System.nanoTime() - started) / 1e9);
        if (spec.task() == Task.REGRESSION) {
            double[] truth = test.stream().mapToDouble(r -> r.getScore() == null ? Double.NaN : r.getScore()).toArray();
            double[] predicted = scores.stream().mapToDouble(row -> row[0]).toArray();
            RegressionMetrics metrics = RegressionMetrics.of(truth, predicted);
            Optional<RegressionComparison> ab = compareRegression(header, spec, truth, predicted, texts, event);
            regression = Optional.of(new RegressionResults(metrics, truth, predicted, ab));
            blessing = RegressionBlessing.decide(metrics, ab, gate.policy().alpha());
            event.regression(metrics, ab);
        } else {
            List<String> truth = test.stream().map(DatasetRecord::getLabel).toList();
            List<String> predicted = predictedLabels(spec.labels(), scores);
            ClassificationMetrics metrics = classify(spec.labels(), truth, predicted, scores);
            classification = Optional.of(metrics);
            curvesOfScores = scoreCurves(spec.labels(), truth, scores);
            comparison = compare(header, spec, truth, predicted, texts, event);
            blessing = gate.forLineage(header.getLineage().getConfig()).decide(metrics, comparison);
            event.classification(metrics, comparison);
        }
        event.blessing(blessing);
        EvaluationReport report = new EvaluationReport(header.getModelName(), header.getCheckpointId(), now,
                ReportLineage.of(header), classification, regression, Optional.empty(), comparison, blessing,
                curves.of(header.getJobId()), curvesOfScores);
        return write(report, event);
    }

    /**
     * A causal LM: perplexity, loss and token accuracy of the fine-tuned and the base model, exact match of greedy
     * generations, the sample table, and paired tests on per-example loss against a causal-LM champion.
     */
    private Outcome evaluateLanguageModel(Assembled checkpoint, ModelSpec spec, List<DatasetRecord> test) {
        Checkpoint header = checkpoint.header();
        Instant now = clock.instant();
        long started = System.nanoTime();
        LanguageModelEvaluator.Outcome lm = languageModels.evaluate(spec, checkpoint.weights(), header.getSha256(),
                LmTestSet.of(test), champions.champion(header.getModelName()));
        LOG.infof("Evaluated causal LM %s on %d test records in %.1f s: perplexity %.4f", header.getCheckpointId(),
                test.size(), (System.nanoTime() - started) / 1e9, lm.results().metrics().perplexity());
        BlessingDecision blessing = gate.forLineage(header.getLineage().getConfig())
                .decide(lm.results().metrics(), lm.results().base(), lm.results().comparison());
        EvaluationBuilder event = new EvaluationBuilder(header, checkpoint.weights(), test.size(), now,
                gate.policy().languageModel().test());
        lm.championVersion().ifPresent(event::championVersion);
        event.languageModel(lm.results());
        event.blessing(blessing);
        EvaluationReport report = new EvaluationReport(header.getModelName(), header.getCheckpointId(), now,
                ReportLineage.of(header), Optional.empty(), Optional.empty(), Optional.of(lm.results()),
                Optional.empty(), blessing, curves.of(header.getJobId()), List.of());
        return write(report, event);
    }

    private Outcome write(EvaluationReport report, EvaluationBuilder event) {
        try {
            ReportFiles files = HtmlReport.write(report, SafePaths.resolveUnder(reportRoot, report.modelName(),
                    report.modelVersion()));
            return new Outcome(event.report(files).build(), files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of " + report.modelVersion(), e);
        }
    }

    /** Scores the checkpoint and, for LoRA, writes its PEFT export beside the weights ({@link ArtifactBundle}). */
    private List<float[]> scoreAndExport(ModelSpec spec, Path weights, List<String> texts) {
        try (TrainedModel model = loader.load(spec, weights)) {
            List<float[]> scores = model.predict(texts, batchSize);
            exportPeft(spec, model, weights);
            return scores;
        } catch (RuntimeException e) {
            throw new EvaluationFailedException("cannot load or run " + spec.baseModel() + " with " + weights + ": "
                    + e.getMessage(), e);
        }
    }

    private static void exportPeft(ModelSpec spec, TrainedModel model, Path weights) {
        try {
            ArtifactBundle.writePeft(spec, model.classifier(), weights)
                    .ifPresent(dir -> LOG.infof("PEFT export of %s written to %s", weights.getFileName(), dir));
        } catch (RuntimeException e) {
            // An export is an extra: the evaluation stands without it, and the registry then copies none.
            LOG.warnf(e, "No PEFT export beside %s: %s", weights, e.getMessage());
        }
    }

    private List<float[]> score(ModelSpec spec, Path weights, List<String> texts) {
        try (TrainedModel model = loader.load(spec, weights)) {
            return model.predict(texts, batchSize);
        } catch (RuntimeException e) {
            throw new EvaluationFailedException("cannot load or run " + spec.baseModel() + " with " + weights + ": "
                    + e.getMessage(), e);
        }
    }

    private Optional<AbComparison> compare(Checkpoint header, ModelSpec spec, List<String> truth,
            List<String> predicted, List<String> texts, EvaluationBuilder event) {
        Optional<RegisteredModel> champion = champions.champion(header.getModelName());
        if (champion.isEmpty()) {
            return Optional.empty();
        }
        RegisteredModel c = champion.get();
        if (c.artifactSha256() != null && c.artifactSha256().equals(header.getSha256())) {
            LOG.infof("%s is the champion's own weights: no A/B comparison", header.getCheckpointId());
            return Optional.empty();
        }
        if (c.spec().task() != spec.task() || !c.spec().labels().equals(spec.labels())) {
            LOG.warnf("Champion v%d of %s has labels %s, the challenger %s: no A/B comparison", c.version(),
                    header.getModelName(), c.spec().labels(), spec.labels());
            return Optional.empty();
        }
        List<String> championPredicted = predictedLabels(c.spec().labels(), score(c.spec(), c.weights(), texts));
        AbComparison ab = AbComparison.run(truth, championPredicted, predicted, gate.policy().thresholdMetric(),
                BootstrapSettings.defaults());
        event.championVersion(c.version());
        return Optional.of(ab);
    }

    private static ClassificationMetrics classify(List<String> labels, List<String> truth, List<String> predicted,
            List<float[]> scores) {
        if (labels.size() == 2 && LabelIndex.observed(labels, truth, predicted).size() == 2) {
            // ROC-AUC of the greater label as positive (scikit-learn's pos_label for string labels)
            int positive = labels.get(0).compareTo(labels.get(1)) > 0 ? 0 : 1;
            double[] p = scores.stream().mapToDouble(row -> row[positive]).toArray();
            return ClassificationMetrics.of(truth, predicted, new PositiveClassScores(labels.get(positive), p));
        }
        ClassificationMetrics metrics = ClassificationMetrics.of(truth, predicted,
                LabelIndex.observed(labels, truth, predicted), ZeroDivision.WARN);
        // one-vs-rest macro ROC-AUC over the head's softmax columns (scikit-learn's multi_class="ovr")
        int[] codes = truth.stream().mapToInt(labels::indexOf).toArray();
        if (Arrays.stream(codes).anyMatch(c -> c < 0)) {
            return metrics; // a test label the head has no column for: no probability to rank it by
        }
        double[][] probabilities = scores.stream().map(CheckpointEvaluator::toDoubles).toArray(double[][]::new);
        return metrics.withRocAuc(RocAuc.oneVsRestMacro(codes, probabilities));
    }

    private static double[] toDoubles(float[] row) {
        double[] out = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = row[i];
        }
        return out;
    }

    /** Scores the champion of a regression model on the same texts and tests the paired absolute errors. */
    private Optional<RegressionComparison> compareRegression(Checkpoint header, ModelSpec spec, double[] truth,
            double[] predicted, List<String> texts, EvaluationBuilder event) {
        Optional<RegisteredModel> champion = champions.champion(header.getModelName());
        if (champion.isEmpty()) {
            return Optional.empty();
        }
        RegisteredModel c = champion.get();
        if (c.artifactSha256() != null && c.artifactSha256().equals(header.getSha256())) {
            return Optional.empty();
        }
        if (c.spec().task() != spec.task()) {
            LOG.warnf("Champion v%d of %s is a %s model: no A/B comparison", c.version(), header.getModelName(),
                    c.spec().task());
            return Optional.empty();
        }
        double[] championPredicted = score(c.spec(), c.weights(), texts).stream().mapToDouble(row -> row[0]).toArray();
        event.championVersion(c.version());
        return Optional.of(RegressionComparison.run(truth, championPredicted, predicted));
    }

    /**
     * ROC and PR curves: of the positive class (the greater label, as for ROC-AUC) of a binary classifier, of every
     * class against the rest otherwise; a class absent from the test split, or the only one there, has none.
     */
    private static List<ScoreCurves.ClassCurves> scoreCurves(List<String> labels, List<String> truth,
                                                             List<float[]> scores) {
        List<Integer> classes = IntStream.range(0, labels.size()).boxed().toList();
        if (labels.size() == 2) {
            classes = List.of(labels.get(0).compareTo(labels.get(1)) > 0 ? 0 : 1);
        }
        List<ScoreCurves.ClassCurves> curves = new ArrayList<>();
        for (int k : classes) {
            boolean[] positive = new boolean[truth.size()];
            double[] score = new double[truth.size()];
            int positives = 0;
            for (int i = 0; i < truth.size(); i++) {
                positive[i] = labels.get(k).equals(truth.get(i));
                positives += positive[i] ? 1 : 0;
                score[i] = scores.get(i)[k];
            }
            if (positives > 0 && positives < truth.size()) {
                curves.add(ScoreCurves.of(labels.get(k), positive, score));
            }
        }
        return curves;
    }

    private static List<String> predictedLabels(List<String> labels, List<float[]> scores) {
        List<String> out = new ArrayList<>(scores.size());
        for (float[] row : scores) {
            int best = 0;
            for (int i = 1; i < row.length; i++) {
                if (row[i] > row[best]) {
                    best = i;
                }
            }
            out.add(labels.get(best));
        }
        return out;
    }
}
