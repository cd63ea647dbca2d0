package io.tunestream.evaluator.report;

import io.tunestream.events.Evaluation;
import io.tunestream.events.ModelVersion;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Re-titles a report this instance wrote with the registered name and version once the registry has registered
 * the version its evaluation produced. The version and the evaluation come from two topics in either order: called
 * for each registered version and for each published evaluation, whichever comes second finds the other.
 * Only files under the report root are touched; a report another instance wrote (not on this disk) is left alone.
 */
public final class RegisteredReportTitles {

    private static final Logger LOG = Logger.getLogger(RegisteredReportTitles.class);

    private final Path reportRoot;
    private final Function<String, Optional<Evaluation>> evaluations;
    private final Function<String, Optional<ModelVersion>> versions;

    /**
     * @param reportRoot where this instance writes reports
     * @param evaluations a published evaluation by evaluation id
     * @param versions the registered version made from an evaluation, by evaluation id
     */
    public RegisteredReportTitles(Path reportRoot, Function<String, Optional<Evaluation>> evaluations,
            Function<String, Optional<ModelVersion>> versions) {
        this.reportRoot = reportRoot.toAbsolutePath().normalize();
        this.evaluations = evaluations;
        this.versions = versions;
    }

    /** A version was registered (or updated: aliases, archive): its evaluation's report gets its name and number. */
    public void versionRegistered(ModelVersion version) {
        if (version.getEvaluationId() != null) {
            evaluations.apply(version.getEvaluationId()).ifPresent(e -> retitle(e, version));
        }
    }

    /** An evaluation was published: if its version is registered already, its report gets the name and number. */
    public void evaluationPublished(Evaluation evaluation) {
        versions.apply(evaluation.getEvaluationId()).ifPresent(v -> retitle(evaluation, v));
    }

    private void retitle(Evaluation evaluation, ModelVersion version) {
        Optional<Path> html = localReport(evaluation.getReportUri());
        if (html.isEmpty()) {
            return;
        }
        try {
            if (ReportTitle.retitle(html.get(), ReportTitle.registered(version.getName(), version.getVersion()))) {
                LOG.infof("Report of %s titled %s v%d", evaluation.getEvaluationId(), version.getName(),
                        version.getVersion());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Cannot title the report %s with %s v%d: %s", html.get(), version.getName(),
                    version.getVersion(), e.getMessage());
        }
    }

    private Optional<Path> localReport(String uri) {
        if (uri == null || !uri.startsWith("file:")) {
            return Optional.empty();
        }
        Path path = Path.of(URI.create(uri)).toAbsolutePath().normalize();
        boolean ours = path.startsWith(reportRoot) && Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
        return ours ? Optional.of(path) : Optional.empty();
    }
}
