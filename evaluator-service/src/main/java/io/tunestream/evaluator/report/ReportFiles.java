package io.tunestream.evaluator.report;

import java.nio.file.Path;
import java.util.List;

/**
 * The files of one written report.
 *
 * @param html the self-contained HTML report
 * @param plots the same plots as separate PNG files, next to it
 */
public record ReportFiles(Path html, List<Path> plots) {

    /** Copies the list. */
    public ReportFiles {
        plots = List.copyOf(plots);
    }
}
