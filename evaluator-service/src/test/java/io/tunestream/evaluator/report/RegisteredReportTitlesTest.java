package io.tunestream.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunestream.events.Evaluation;
import io.tunestream.events.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisteredReportTitlesTest {

    @TempDir
    Path root;

    private final Map<String, Evaluation> evaluations = new HashMap<>();
    private final Map<String, ModelVersion> versions = new HashMap<>();

    private RegisteredReportTitles titles() {
        return new RegisteredReportTitles(root, id -> Optional.ofNullable(evaluations.get(id)),
                id -> Optional.ofNullable(versions.get(id)));
    }

    @Test
    void shouldTitleTheReportWhenTheVersionIsRegisteredAfterTheEvaluation() throws Exception {
        // Given a report this instance wrote and its published evaluation
        Path html = ReportFixtures.writtenSpamReportWithoutPlots(root.resolve("spam-filter/job-1-final"));
        Evaluation evaluation = evaluation("eval-job-1-final", html);
        evaluations.put("eval-job-1-final", evaluation);
        RegisteredReportTitles titles = titles();
        titles.evaluationPublished(evaluation);

        // When the registry registers version 4 from it
        titles.versionRegistered(version("spam-filter", 4, "eval-job-1-final"));

        // Then
        assertThat(heading(html)).isEqualTo("spam-filter v4");
    }

    @Test
    void shouldTitleTheReportWhenTheEvaluationArrivesAfterItsVersion() throws Exception {
        // Given version 2 already registered from an evaluation this instance has not read back yet
        Path html = ReportFixtures.writtenSpamReportWithoutPlots(root.resolve("spam-filter/job-2-final"));
        versions.put("eval-job-2-final", version("spam-filter", 2, "eval-job-2-final"));
        RegisteredReportTitles titles = titles();

        // When the evaluation is read
        titles.evaluationPublished(evaluation("eval-job-2-final", html));

        // Then
        assertThat(heading(html)).isEqualTo("spam-filter v2");
    }

    @Test
    void shouldLeaveReportsOutsideItsRootAlone(@TempDir Path elsewhere) throws Exception {
        // Given an evaluation whose report URI points outside this instance's report root
        Path html = ReportFixtures.writtenSpamReportWithoutPlots(elsewhere);
        String before = Files.readString(html);
        evaluations.put("eval-x", evaluation("eval-x", html));

        // When its version is registered
        titles().versionRegistered(version("spam-filter", 9, "eval-x"));

        // Then the file is untouched
        assertThat(Files.readString(html)).isEqualTo(before);
    }

    private static String heading(Path html) throws Exception {
        return Jsoup.parse(Files.readString(html)).selectFirst("header > h1").ownText();
    }

    private static Evaluation evaluation(String id, Path html) {
        Evaluation e = new Evaluation();
        e.setEvaluationId(id);
        e.setReportUri(html.toUri().toString());
        return e;
    }

    private static ModelVersion version(String name, int version, String evaluationId) {
        ModelVersion v = new ModelVersion();
        v.setName(name);
        v.setVersion(version);
        v.setEvaluationId(evaluationId);
        return v;
    }
}
