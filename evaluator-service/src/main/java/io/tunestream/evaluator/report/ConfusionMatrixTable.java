package io.tunestream.evaluator.report;

import static io.tunestream.evaluator.report.HtmlFragments.esc;

import io.tunestream.evaluator.domain.ConfusionMatrix;
import java.util.Locale;

/**
 * The confusion matrix as an HTML heat map that stays readable with 20 classes: each cell's colour is its share of
 * its row (the recall of the true class spread over the predictions), so a small class is as visible as a large
 * one; the count is the cell's text and the share its tooltip. Columns are numbered; rows carry the number and the
 * label cut to {@value #MAX_LABEL} characters, and a legend below gives every full label.
 */
final class ConfusionMatrixTable {

    /** Longest label shown in a row header before it is cut (the legend has it whole). */
    static final int MAX_LABEL = 16;

    private ConfusionMatrixTable() {
    }

    static String render(ConfusionMatrix matrix) {
        int k = matrix.size();
        StringBuilder html = new StringBuilder("<table class=\"numbers confusion heat\"><thead><tr>")
                .append("<th>true \\ predicted</th>");
        for (int j = 0; j < k; j++) {
            html.append("<th title=\"").append(esc(matrix.labels().get(j))).append("\">").append(j + 1).append("</th>");
        }
        html.append("<th>n</th></tr></thead><tbody>");
        for (int i = 0; i < k; i++) {
            long rowTotal = 0;
            for (int j = 0; j < k; j++) {
                rowTotal += matrix.count(i, j);
            }
            String label = matrix.labels().get(i);
            html.append("<tr><th title=\"").append(esc(label)).append("\">").append(i + 1).append(". ")
                    .append(esc(shortLabel(label))).append("</th>");
            for (int j = 0; j < k; j++) {
                long n = matrix.count(i, j);
                double share = rowTotal == 0 ? 0 : (double) n / rowTotal;
                html.append("<td style=\"").append(cellStyle(share, i == j)).append("\" title=\"")
                        .append(esc(String.format(Locale.ROOT, "true %s, predicted %s: %d (%.1f%% of the row)", label,
                                matrix.labels().get(j), n, 100 * share)))
                        .append("\">").append(n).append("</td>");
            }
            html.append("<td>").append(rowTotal).append("</td></tr>");
        }
        html.append("</tbody></table><p class=\"legend\">Colour: share of the true class's row (white 0%, dark 100%); "
                + "the diagonal is outlined. Columns: ");
        for (int j = 0; j < k; j++) {
            html.append(j == 0 ? "" : "; ").append(j + 1).append(" = ").append(esc(matrix.labels().get(j)));
        }
        return html.append("</p>").toString();
    }

    /** The label, cut to {@value #MAX_LABEL} characters with an ellipsis. */
    static String shortLabel(String label) {
        return label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 1) + "\u2026";
    }

    /** A blue from white (share 0) to dark (share 1), with white text on dark cells; the diagonal outlined. */
    private static String cellStyle(double share, boolean diagonal) {
        int r = (int) Math.round(247 - share * (247 - 8));
        int g = (int) Math.round(251 - share * (251 - 48));
        int b = (int) Math.round(255 - share * (255 - 107));
        return String.format(Locale.ROOT, "background:rgb(%d,%d,%d);color:%s%s", r, g, b,
                share > 0.5 ? "#fff" : "#1f2933", diagonal ? ";outline:2px solid #1f2933;outline-offset:-2px" : "");
    }
}
