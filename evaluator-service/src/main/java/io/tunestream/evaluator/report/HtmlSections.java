package io.tunestream.evaluator.report;

import static io.tunestream.evaluator.report.HtmlFragments.esc;
import static io.tunestream.evaluator.report.HtmlFragments.num;
import static io.tunestream.evaluator.report.HtmlFragments.pValue;
import static io.tunestream.evaluator.report.HtmlFragments.section;
import static io.tunestream.evaluator.report.HtmlFragments.table;

import io.tunestream.evaluator.domain.AbComparison;
import io.tunestream.evaluator.domain.BootstrapResult;
import io.tunestream.evaluator.domain.ClassScores;
import io.tunestream.evaluator.domain.ClassificationMetrics;
import io.tunestream.evaluator.domain.ConfusionMatrix;
import io.tunestream.evaluator.domain.IllDefinedScore;
import io.tunestream.evaluator.domain.LanguageModelComparison;
import io.tunestream.evaluator.domain.LanguageModelMetrics;
import io.tunestream.evaluator.domain.McNemarResult;
import io.tunestream.evaluator.domain.RegressionComparison;
import io.tunestream.evaluator.domain.RegressionMetrics;
import io.tunestream.evaluator.domain.WilcoxonResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The sections of the HTML report, each a self-contained fragment. */
final class HtmlSections {

    private HtmlSections() {
    }

    static String classification(ClassificationMetrics m) {
        List<List<String>> rows = List.of(
                List.of("macro", num(m.macro().precision()), num(m.macro().recall()), num(m.macro().f1())),
                List.of("weighted", num(m.weighted().precision()), num(m.weighted().recall()), num(m.weighted().f1())),
                List.of("micro", num(m.micro().precision()), num(m.micro().recall()), num(m.micro().f1())));
        String headline = "<p class=\"headline\">accuracy <b>" + num(m.accuracy()) + "</b> on "
                + m.sampleCount() + " test records"
                + (m.rocAuc().isPresent() ? " &middot; ROC-AUC <b>" + num(m.rocAuc().getAsDouble()) + "</b>" : "")
                + "</p>";
        String averages = table("numbers", List.of("average", "precision", "recall", "F1"), rows);
        List<List<String>> perClass = new ArrayList<>();
        for (ClassScores s : m.perClass()) {
            perClass.add(List.of(s.label(), num(s.precision()), num(s.recall()), num(s.f1()), Long.toString(s.support())));
        }
        String classes = "<h3>Per class</h3>"
                + table("numbers", List.of("class", "precision", "recall", "F1", "support"), perClass);
        return section("metrics", "Classification metrics", headline + averages + classes + illDefined(m));
    }

    private static String illDefined(ClassificationMetrics m) {
        if (m.illDefined().isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<p class=\"note\">Set to the zero-division value (0.0), not computed:</p><ul>");
        for (IllDefinedScore s : m.illDefined()) {
            html.append("<li>").append(esc(s.metric() + " of '" + s.label() + "': " + s.reason())).append("</li>");
        }
        return html.append("</ul>").toString();
    }

    static String confusionMatrix(ConfusionMatrix matrix) {
        return section("confusion", "Confusion matrix", ConfusionMatrixTable.render(matrix));
    }

    static String regression(RegressionMetrics m) {
        return section("regression", "Regression metrics", table("numbers", List.of("metric", "value"), List.of(
                List.of("Spearman rho", num(m.spearman())), List.of("Pearson r", num(m.pearson())),
                List.of("MSE", num(m.mse())), List.of("RMSE", num(m.rmse())), List.of("MAE", num(m.mae())),
                List.of("records", Long.toString(m.sampleCount())))));
    }

    static String regressionComparison(RegressionComparison ab) {
        WilcoxonResult w = ab.wilcoxon();
        return section("comparison", "A/B against the champion (same test examples)", table("numbers",
                List.of("test", "statistic", "one-sided p", "MAE challenger", "MAE champion", "MAE delta"),
                List.of(List.of("Wilcoxon signed-rank (paired absolute errors, " + (w.method()
                        == WilcoxonResult.Method.EXACT ? "exact" : "normal approximation") + ", "
                        + w.nonZero() + " differing)", "W+ = " + num(w.statistic()), num(w.pValue()),
                        num(ab.challengerMae()), num(ab.championMae()), num(ab.maeDelta())))));
    }

    static String languageModel(LanguageModelResults r) {
        LanguageModelMetrics m = r.metrics();
        LanguageModelMetrics base = r.base();
        List<List<String>> rows = new ArrayList<>(List.of(
                List.of("perplexity", num(m.perplexity()), num(base.perplexity())),
                List.of("mean loss per token (nats)", num(m.meanNll()), num(base.meanNll())),
                List.of("token accuracy", num(m.tokenAccuracy()), num(base.tokenAccuracy())),
                List.of("target tokens", Long.toString(m.tokenCount()), Long.toString(base.tokenCount()))));
        m.exactMatch().ifPresent(em -> rows.add(2, List.of("exact match (greedy)", num(em),
                base.exactMatch().isPresent() ? num(base.exactMatch().getAsDouble()) : "not measured")));
        String headline = "<p class=\"headline\">perplexity <b>" + num(m.perplexity()) + "</b> (base model "
                + num(base.perplexity()) + ") &middot; token accuracy <b>" + num(m.tokenAccuracy()) + "</b>"
                + (m.exactMatch().isPresent() ? " &middot; exact match <b>" + num(m.exactMatch().getAsDouble())
                        + "</b>" : "") + "</p>";
        return section("perplexity", "Language-model metrics", headline
                + table("numbers", List.of("metric", "fine-tuned", "base model"), rows));
    }

    static String generationSamples(List<GenerationSample> samples) {
        List<List<String>> rows = new ArrayList<>();
        for (GenerationSample s : samples) {
            rows.add(List.of(s.prompt(), s.reference(), s.baseOutput(), s.fineTunedOutput(),
                    LanguageModelMetrics.isExactMatch(s.reference(), s.fineTunedOutput()) ? "yes" : "no"));
        }
        return section("samples", "Sample generations (greedy)", "<p class=\"note\">" + samples.size()
                + " test prompts; outputs are greedy continuations, compared with the reference after trimming.</p>"
                + table("samples", List.of("prompt", "reference", "base model", "fine-tuned", "exact match"), rows));
    }

    static String languageModelComparison(LanguageModelComparison ab) {
        WilcoxonResult w = ab.wilcoxon();
        BootstrapResult bs = ab.bootstrap();
        String models = table("numbers", List.of("", "champion", "challenger"), List.of(
                List.of("perplexity", num(ab.champion().perplexity()), num(ab.challenger().perplexity())),
                List.of("mean loss per token", num(ab.champion().meanNll()), num(ab.challenger().meanNll())),
                List.of("token accuracy", num(ab.champion().tokenAccuracy()), num(ab.challenger().tokenAccuracy()))));
        String tests = table("tests", List.of("test", "statistic", "p-value", "interval", "details"), List.of(
                List.of("Wilcoxon signed-rank (per-example loss)", "W+ = " + num(w.statistic()),
                        pValue(w.pValue()) + " one-sided (challenger lower)", "",
                        w.nonZero() + " differing examples, " + w.zeros() + " equal; "
                                + (w.method() == WilcoxonResult.Method.EXACT ? "exact"
                                        : "normal approximation, z = " + num(w.z()))),
                List.of("paired bootstrap (mean loss)", "difference " + num(bs.difference()),
                        pValue(bs.pValue()) + " one-sided",
                        Math.round(100 * bs.confidenceLevel()) + "% CI [" + num(bs.ciLower()) + ", " + num(bs.ciUpper())
                                + "]", bs.resamples() + " resamples, seed " + bs.seed())));
        return section("ab", "A/B against the champion", models + tests);
    }

    static String comparison(AbComparison ab) {
        McNemarResult mc = ab.mcnemar();
        BootstrapResult bs = ab.bootstrap();
        String models = table("numbers", List.of("", "champion", "challenger"), List.of(
                List.of("accuracy", num(ab.champion().accuracy()), num(ab.challenger().accuracy())),
                List.of("F1 macro", num(ab.champion().macro().f1()), num(ab.challenger().macro().f1())),
                List.of("F1 weighted", num(ab.champion().weighted().f1()), num(ab.challenger().weighted().f1()))));
        String tests = table("tests", List.of("test", "statistic", "p-value", "interval", "details"), List.of(
                List.of("McNemar exact (accuracy)", "min(b, c) = " + (long) mc.statistic(),
                        pValue(mc.pValueChallengerBetter()) + " one-sided; " + pValue(mc.pValue()) + " two-sided; "
                                + pValue(mc.midPValue()) + " mid-p",
                        "",
                        "only challenger right c = " + mc.challengerOnlyCorrect() + ", only champion right b = "
                                + mc.championOnlyCorrect() + ", both right " + mc.bothCorrect() + ", both wrong "
                                + mc.bothWrong()),
                List.of("paired bootstrap (" + bs.metric() + ")", "difference " + num(bs.difference()),
                        pValue(bs.pValue()) + " one-sided",
                        Math.round(100 * bs.confidenceLevel()) + "% CI [" + num(bs.ciLower()) + ", " + num(bs.ciUpper()) + "]",
                        bs.resamples() + " resamples, seed " + bs.seed())));
        return section("ab", "A/B against the champion", models + tests);
    }

    static String lineage(Lineage l) {
        List<List<String>> rows = new ArrayList<>(List.of(
                List.of("dataset", l.datasetId() + " v" + l.datasetVersion()), List.of("training job", l.jobId()),
                List.of("base model", l.baseModel()), List.of("method", l.method()),
                List.of("seed", Long.toString(l.seed()))));
        addSettings(rows, "method", l.methodConfig());
        addSettings(rows, "hyper-parameter", l.hyperParameters());
        return section("lineage", "Lineage", table("lineage", List.of("what", "value"), rows));
    }

    private static void addSettings(List<List<String>> rows, String kind, Map<String, String> settings) {
        settings.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> rows.add(List.of(kind + ": " + e.getKey(), e.getValue())));
    }
}
