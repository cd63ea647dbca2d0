package io.tunestream.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.evaluator.domain.ClassificationMetrics;
import io.tunestream.evaluator.domain.RegressionBlessing;
import io.tunestream.evaluator.domain.RegressionComparison;
import io.tunestream.evaluator.domain.RegressionMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiClassAndRegressionReportTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepTwentyClassesReadableWhenTheConfusionMatrixIsAHeatMap() throws Exception {
        // Given 20 classes with long names, and a classifier right 70% of the time
        Random random = new Random(5);
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int t = random.nextInt(20);
            truth.add(label(t));
            predicted.add(label(random.nextDouble() < 0.7 ? t : random.nextInt(20)));
        }
        ClassificationMetrics metrics = ClassificationMetrics.of(truth, predicted);
        EvaluationReport clean = ReportFixtures.spamReport();
        EvaluationReport report = new EvaluationReport("topics", "1", clean.evaluatedAt(), clean.lineage(),
                Optional.of(metrics), Optional.empty(), Optional.empty(), Optional.empty(), clean.blessing(), List.of());

        // When
        Document html = Jsoup.parse(Files.readString(HtmlReport.write(report, dir).html()));

        // Then columns are numbered, row labels cut to 16 characters, the legend names every class in full
        assertThat(html.select("#confusion thead th").eachText()).hasSize(22).contains("1", "20");
        assertThat(html.select("#confusion tbody th").first().text()).isEqualTo("1. category-00-of-…");
        assertThat(html.select("#confusion .legend").text()).contains("1 = " + label(0), "20 = " + label(19));
        // and each cell's colour is its share of the row: a diagonal cell is dark, an empty one white
        String diagonal = html.select("#confusion tbody tr").first().select("td").first().attr("style");
        assertThat(diagonal).contains("outline").doesNotContain("rgb(247,251,255)");
        assertThat(html.select("#confusion td[title*=\": 0 (0.0% of the row)\"]").first().attr("style"))
                .startsWith("background:rgb(247,251,255)");
    }

    @Test
    void shouldPlotPredictedAgainstTrueAndShowTheAbWhenTheModelIsARegression() throws Exception {
        // Given a regression challenger closer to the truth than its champion
        Random random = new Random(11);
        double[] truth = new double[60];
        double[] champion = new double[60];
        double[] challenger = new double[60];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = random.nextGaussian() * 2;
            champion[i] = truth[i] + random.nextGaussian() * 1.5;
            challenger[i] = truth[i] + random.nextGaussian() * 0.5;
        }
        RegressionMetrics metrics = RegressionMetrics.of(truth, challenger);
        Optional<RegressionComparison> ab = Optional.of(RegressionComparison.run(truth, champion, challenger));
        EvaluationReport clean = ReportFixtures.spamReport();
        EvaluationReport report = new EvaluationReport("valence", "2", clean.evaluatedAt(), clean.lineage(),
                Optional.empty(), Optional.of(new RegressionResults(metrics, truth, challenger, ab)), Optional.empty(),
                Optional.empty(), RegressionBlessing.decide(metrics, ab, 0.05), List.of());

        // When
        ReportFiles files = HtmlReport.write(report, dir);
        Document html = Jsoup.parse(Files.readString(files.html()));

        // Then
        assertThat(files.plots()).extracting(p -> p.getFileName().toString()).contains("predicted-vs-true.png");
        assertThat(html.select("#regression td").eachText()).contains("Spearman rho", "RMSE", "MAE");
        assertThat(html.select("#comparison td").first().text()).startsWith("Wilcoxon signed-rank (paired absolute errors");
        assertThat(report.blessing().blessed()).isTrue();
        assertThat(report.blessing().reasons()).anySatisfy(r -> assertThat(r).startsWith("PASS: Wilcoxon"));
    }

    private static String label(int k) {
        return String.format("category-%02d-of-the-news-archive", k);
    }
}
