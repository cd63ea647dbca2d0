package io.tunestream.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteSelfContainedHtmlWithEmbeddedPlotsWhenReportIsComplete() throws Exception {
        // Given
        EvaluationReport report = ReportFixtures.spamReport();

        // When
        ReportFiles files = HtmlReport.write(report, dir);

        // Then one HTML file and six PNGs, each embedded as a decodable data URI
        assertThat(files.html()).hasFileName("spam-minilm-lora-3.html").exists();
        assertThat(files.plots()).extracting(p -> p.getFileName().toString())
                .containsExactly("confusion-matrix.png", "per-class-f1.png", "roc.png", "precision-recall.png",
                        "loss.png", "learning-rate.png");
        Document html = Jsoup.parse(Files.readString(files.html()));
        assertThat(html.select("figcaption").eachText()).contains("ROC curve of spam", "Precision-recall curve of spam");
        List<Element> images = html.select("img");
        assertThat(images).hasSize(6);
        for (Element img : images) {
            assertThat(img.attr("src")).startsWith("data:image/png;base64,");
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode(img.attr("src").substring("data:image/png;base64,".length()))));
            assertThat(decoded.getWidth()).isEqualTo(EvaluationCharts.WIDTH);
        }
        assertThat(html.select("script, link, iframe, object")).isEmpty();
        assertThat(html.select("[src], [href]")).allSatisfy(e -> assertThat(e.attr("src")).startsWith("data:"));
    }

    @Test
    void shouldShowNumbersComparisonAndLineageWhenRendered() throws Exception {
        // Given
        EvaluationReport report = ReportFixtures.spamReport();

        // When
        Document html = Jsoup.parse(Files.readString(HtmlReport.write(report, dir).html()));

        // Then
        String text = html.text();
        assertThat(text).contains(String.format(java.util.Locale.ROOT, "accuracy %.4f",
                report.classification().orElseThrow().accuracy()));
        assertThat(html.select("#metrics td").eachText()).contains("ham", "spam");
        assertThat(html.select("#confusion tbody tr")).hasSize(2);
        assertThat(text).contains("McNemar exact (accuracy)", "paired bootstrap (f1_macro)", "95% CI [");
        assertThat(html.select("#decision li").eachText()).isEqualTo(report.blessing().reasons());
        assertThat(html.select("#lineage").text()).contains("spamassassin v1", "job-7f3a", "all-MiniLM-L6-v2",
                "method: rank", "hyper-parameter: learning_rate", "2e-4", "seed 42");
        assertThat(html.select("h1 .badge").text()).isEqualTo(report.blessing().blessed() ? "blessed" : "not blessed");
    }

    @Test
    void shouldEscapeMarkupWhenStringsContainHtml() throws Exception {
        // Given a lineage value and a model name carrying markup
        EvaluationReport clean = ReportFixtures.spamReport();
        EvaluationReport hostile = new EvaluationReport("<b>evil</b>", "1", clean.evaluatedAt(), clean.lineage(),
                clean.classification(), Optional.empty(), Optional.empty(), Optional.empty(), clean.blessing(), List.of());

        // When
        ReportFiles files = HtmlReport.write(hostile, dir);
        String source = Files.readString(files.html());

        // Then the text survives as text and creates no element
        assertThat(source).doesNotContain("<script>", "<b>evil</b>");
        assertThat(source).contains("&lt;script&gt;", "&lt;b&gt;evil&lt;/b&gt;");
        Document html = Jsoup.parse(source);
        assertThat(html.select("script, b:containsOwn(evil)")).isEmpty();
        assertThat(html.select("#lineage").text()).contains(ReportFixtures.HOSTILE);
        assertThat(files.html().getFileName().toString()).isEqualTo("_b_evil__b_-1.html");
        assertThat(files.plots()).hasSize(2);
    }

    @Test
    void shouldShowLanguageModelMetricsTestsAndEscapedSampleGenerationsWhenTheModelIsACausalLm() throws Exception {
        // Given a causal LM's results: a prompt, a reference and generations carrying markup, and an A/B on loss
        EvaluationReport clean = ReportFixtures.spamReport();
        io.tunestream.evaluator.domain.ExampleLosses champion = new io.tunestream.evaluator.domain.ExampleLosses(
                new double[] {6, 5, 7, 6}, new int[] {3, 3, 3, 3}, new int[] {1, 1, 1, 1});
        io.tunestream.evaluator.domain.ExampleLosses challenger = new io.tunestream.evaluator.domain.ExampleLosses(
                new double[] {3, 1.5, 4.5, 0.5}, new int[] {3, 3, 3, 3}, new int[] {2, 3, 2, 3});
        var ab = io.tunestream.evaluator.domain.LanguageModelComparison.run(champion, challenger,
                io.tunestream.evaluator.domain.BootstrapSettings.defaults());
        LanguageModelResults lm = new LanguageModelResults(ab.challenger().withExactMatch(0.5),
                io.tunestream.evaluator.domain.LanguageModelMetrics.fromSummedNll(30, 12), Optional.of(ab),
                List.of(new GenerationSample(ReportFixtures.HOSTILE, "<i>ref</i>", "</td><b>base</b>", "<i>ref</i> ")));
        EvaluationReport report = new EvaluationReport("tiny-lm", "2", clean.evaluatedAt(), clean.lineage(),
                Optional.empty(), Optional.empty(), Optional.of(lm), Optional.empty(), clean.blessing(),
                clean.trainingCurve());

        // When
        ReportFiles files = HtmlReport.write(report, dir);
        String source = Files.readString(files.html());
        Document html = Jsoup.parse(source);

        // Then
        assertThat(files.plots()).extracting(p -> p.getFileName().toString())
                .containsExactly("loss.png", "perplexity.png", "learning-rate.png");
        assertThat(html.select("#perplexity").text()).contains("perplexity", "token accuracy", "exact match (greedy)",
                "0.5000", "base model");
        assertThat(html.select("#ab").text()).contains("Wilcoxon signed-rank (per-example loss)", "W+ = 0.0000",
                "0.0625 one-sided", "paired bootstrap (mean loss)", "95% CI [");
        assertThat(html.select("#samples tbody td").eachText()).containsExactly(ReportFixtures.HOSTILE, "<i>ref</i>",
                "</td><b>base</b>", "<i>ref</i>", "yes");
        assertThat(html.select("#samples b, #samples i, script")).isEmpty();
        assertThat(source).contains("&lt;/td&gt;&lt;b&gt;base&lt;/b&gt;");
    }
}
