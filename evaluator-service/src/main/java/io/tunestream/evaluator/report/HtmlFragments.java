package io.tunestream.evaluator.report;

import java.util.List;
import java.util.Locale;
import org.jsoup.nodes.Entities;

/** Small HTML building blocks; every piece of text passes through jsoup's escaper. */
final class HtmlFragments {

    private HtmlFragments() {
    }

    /** Text escaped for HTML content and quoted attribute values. */
    static String esc(String text) {
        return text == null ? "" : Entities.escape(text);
    }

    /** A number with four decimals; "n/a" for NaN. */
    static String num(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** A p-value: four significant digits, scientific when tiny. */
    static String pValue(double p) {
        return p < 1e-4 ? String.format(Locale.ROOT, "%.3e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    /** A table; headers and cells are escaped here. */
    static String table(String cssClass, List<String> headers, List<List<String>> rows) {
        StringBuilder html = new StringBuilder("<table class=\"").append(esc(cssClass)).append("\"><thead><tr>");
        for (String header : headers) {
            html.append("<th>").append(esc(header)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            html.append("<tr>");
            for (String cell : row) {
                html.append("<td>").append(esc(cell)).append("</td>");
            }
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    /** A section with an escaped heading and already-built HTML body. */
    static String section(String id, String heading, String bodyHtml) {
        return "<section id=\"" + esc(id) + "\"><h2>" + esc(heading) + "</h2>" + bodyHtml + "</section>\n";
    }
}
