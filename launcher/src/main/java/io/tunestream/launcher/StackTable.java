package io.tunestream.launcher;

import java.util.ArrayList;
import java.util.List;

/** Formats the stack's components as an aligned text table. */
final class StackTable {

    private static final String[] HEADERS = {"COMPONENT", "ADDRESS", "PID", "DETAIL"};

    private StackTable() {
    }

    static String render(List<StackComponent> components) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (StackComponent c : components) {
            rows.add(new String[] {c.name(), c.address(), String.valueOf(c.pid()), c.detail()});
        }
        int[] widths = new int[HEADERS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }
}
