package io.tunestream.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTitleTest {

    @TempDir
    Path dir;

    @Test
    void shouldNameTheCheckpointNotAVersionWhenTheReportIsWritten() throws Exception {
        // Given a report of checkpoint 3 of spam-minilm-lora
        // When it is written, before the registry has numbered the version
        Document html = Jsoup.parse(Files.readString(ReportFixtures.writtenSpamReport(dir)));

        // Then the title says which checkpoint and that the version is not registered yet
        assertThat(html.selectFirst("header > h1").ownText())
                .isEqualTo("spam-minilm-lora · checkpoint 3 (version not registered yet)");
        assertThat(html.title()).isEqualTo("Evaluation of spam-minilm-lora · checkpoint 3 (version not registered yet)");
    }

    @Test
    void shouldPutTheRegisteredNameAndVersionInTheTitleAndKeepEverythingElse() throws Exception {
        // Given a written report
        Path file = ReportFixtures.writtenSpamReport(dir);
        Document before = Jsoup.parse(Files.readString(file));

        // When the registry registered it as spam-filter v7
        boolean changed = ReportTitle.retitle(file, ReportTitle.registered("spam-filter", 7));

        // Then heading and page title say so; the badge, sections and embedded plots are unchanged
        Document after = Jsoup.parse(Files.readString(file));
        assertThat(changed).isTrue();
        assertThat(after.selectFirst("header > h1").ownText()).isEqualTo("spam-filter v7");
        assertThat(after.title()).isEqualTo("Evaluation of spam-filter v7");
        assertThat(after.select("header .badge").text()).isEqualTo(before.select("header .badge").text());
        assertThat(after.select("section").eachAttr("id")).isEqualTo(before.select("section").eachAttr("id"));
        assertThat(after.select("img").eachAttr("src")).isEqualTo(before.select("img").eachAttr("src"))
                .hasSize(2).allSatisfy(src -> assertThat(src).startsWith("data:image/png;base64,").hasSizeGreaterThan(5000));
        assertThat(after.select("meta[http-equiv]").attr("content")).startsWith("default-src 'none'");
    }

    @Test
    void shouldLeaveTheFileAloneWhenItHasTheTitleAlready() throws Exception {
        // Given a report titled spam-filter v7
        Path file = ReportFixtures.writtenSpamReport(dir);
        ReportTitle.retitle(file, ReportTitle.registered("spam-filter", 7));
        long modified = Files.getLastModifiedTime(file).toMillis();

        // When the same version is seen again (a restart replays the models topic)
        boolean changed = ReportTitle.retitle(file, ReportTitle.registered("spam-filter", 7));

        // Then nothing is written
        assertThat(changed).isFalse();
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".retitled")).toList())
                .isEqualTo(List.of());
    }
}
