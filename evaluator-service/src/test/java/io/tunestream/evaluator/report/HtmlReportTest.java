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
}
