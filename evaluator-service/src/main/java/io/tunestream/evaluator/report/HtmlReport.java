package io.tunestream.evaluator.report;

import static io.tunestream.evaluator.report.HtmlFragments.esc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes one self-contained HTML report per model version: inline CSS, plots embedded as base64
 * PNG data URIs, no scripts and nothing fetched from anywhere, so the file can be mailed, archived
 * or opened offline. The PNGs are also written next to it for other consumers. It is written before the registry
 * numbers the version, so its title names the checkpoint until {@link RegisteredReportTitles} puts the registered
 * name and version in.
 */
public final class HtmlReport {

    private static final String CSS = """
            body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:0;background:#f4f6f8;color:#1f2933}
            header{background:#1f2933;color:#fff;padding:20px 32px}
            header h1{margin:0 0 6px;font-size:24px} header p{margin:0;color:#cbd2d9}
            main{max-width:1180px;margin:0 auto;padding:16px 32px 48px}
            section{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:16px 24px;margin:16px 0}
            h2{font-size:19px;margin:4px 0 12px} h3{font-size:16px;margin:16px 0 8px}
            table{border-collapse:collapse;margin:4px 0 8px} th,td{padding:5px 12px;border-bottom:1px solid #e4e7eb;text-align:left}
            th{background:#f0f4f8;font-weight:600} table.numbers td:not(:first-child){text-align:right;font-variant-numeric:tabular-nums}
            .badge{display:inline-block;padding:4px 12px;border-radius:14px;font-weight:700;margin-left:8px;font-size:15px}
            .blessed{background:#2f9e44;color:#fff} .rejected{background:#c92a2a;color:#fff}
            .headline{font-size:18px} .note{color:#7b8794}
            ul.reasons li{margin:3px 0;font-family:"DejaVu Sans Mono",monospace;font-size:13px}
            table.samples td{white-space:pre-wrap;vertical-align:top;font-family:"DejaVu Sans Mono",monospace;font-size:13px;max-width:280px}
            figure{margin:12px 0} figure img{max-width:100%;border:1px solid #e4e7eb} figcaption{color:#52606d;font-size:13px}
            """;

    private HtmlReport() {
    }

    /** Renders the plots, writes them and the HTML report into {@code directory}. */
    public static ReportFiles write(EvaluationReport report, Path directory) throws IOException {
        Files.createDirectories(directory);
        List<ReportPlot> plots = ReportPlots.render(report);
        List<Path> pngs = new ArrayList<>();
        for (ReportPlot plot : plots) {
            pngs.add(PlotRenderer.write(plot.png(), directory.resolve(plot.fileName())));
        }
        Path html = directory.resolve(fileName(report));
        Files.writeString(html, render(report, plots), StandardCharsets.UTF_8);
        return new ReportFiles(html, pngs);
    }

    /** The report's file name: model name and version, reduced to safe characters. */
    public static String fileName(EvaluationReport report) {
        return (report.modelName() + "-" + report.modelVersion()).replaceAll("[^A-Za-z0-9._-]", "_") + ".html";
    }

    /** The HTML text of the report with the given rendered plots embedded. */
    public static String render(EvaluationReport report, List<ReportPlot> plots) {
        StringBuilder body = new StringBuilder();
        body.append(decision(report));
        report.classification().ifPresent(m -> body.append(HtmlSections.classification(m))
                .append(HtmlSections.confusionMatrix(m.confusionMatrix())));
        report.regression().ifPresent(r -> {
            body.append(HtmlSections.regression(r.metrics()));
            r.comparison().ifPresent(ab -> body.append(HtmlSections.regressionComparison(ab)));
        });
        report.languageModel().ifPresent(lm -> {
            body.append(HtmlSections.languageModel(lm));
            lm.comparison().ifPresent(ab -> body.append(HtmlSections.languageModelComparison(ab)));
            if (!lm.samples().isEmpty()) {
                body.append(HtmlSections.generationSamples(lm.samples()));
            }
        });
        report.comparison().ifPresent(ab -> body.append(HtmlSections.comparison(ab)));
        body.append(plotsSection(plots));
        body.append(HtmlSections.lineage(report.lineage()));
        String title = ReportTitle.unregistered(report.modelName(), report.modelVersion());
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"
                + "<title>" + esc(ReportTitle.page(title)) + "</title><style>" + CSS + "</style></head><body>\n"
                + "<header><h1>" + esc(title) + badge(report.blessing().blessed()) + "</h1><p>"
                + esc("evaluated " + DateTimeFormatter.ISO_INSTANT.format(report.evaluatedAt())
                        + " · dataset " + report.lineage().datasetId() + " v" + report.lineage().datasetVersion()
                        + " · job " + report.lineage().jobId())
                + "</p></header>\n<main>\n" + body + "</main></body></html>\n";
    }

    private static String badge(boolean blessed) {
        return blessed ? "<span class=\"badge blessed\">blessed</span>" : "<span class=\"badge rejected\">not blessed</span>";
    }

    private static String decision(EvaluationReport report) {
        StringBuilder html = new StringBuilder("<ul class=\"reasons\">");
        for (String reason : report.blessing().reasons()) {
            html.append("<li>").append(esc(reason)).append("</li>");
        }
        return HtmlFragments.section("decision", "Blessing decision", html.append("</ul>").toString());
    }

    private static String plotsSection(List<ReportPlot> plots) {
        if (plots.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder();
        for (ReportPlot plot : plots) {
            html.append("<figure><img alt=\"").append(esc(plot.title())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(plot.png())).append("\"><figcaption>")
                    .append(esc(plot.title())).append("</figcaption></figure>");
        }
        return HtmlFragments.section("plots", "Plots", html.toString());
    }
}
