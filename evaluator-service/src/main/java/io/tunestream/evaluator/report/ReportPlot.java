package io.tunestream.evaluator.report;

/**
 * One rendered plot of a report.
 *
 * @param fileName the PNG's file name next to the HTML report
 * @param title what the plot shows (caption and alt text)
 * @param png the PNG bytes
 */
public record ReportPlot(String fileName, String title, byte[] png) {
}
