package io.tunestream.launcher.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An aligned plain-text table: a header row, then rows; columns as wide as their widest cell. */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        rows.add(header);
    }

    TextTable row(Object... cells) {
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : String.valueOf(c)).toArray(String[]::new));
        return this;
    }

    /** Whether only the header is there. */
    boolean isEmpty() {
        return rows.size() == 1;
    }

    String render() {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        rows.forEach(r -> {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? r[i] : String.format("%-" + widths[i] + "s  ", r[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
