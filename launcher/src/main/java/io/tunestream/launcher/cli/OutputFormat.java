package io.tunestream.launcher.cli;

import java.io.PrintWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/**
 * {@code --output table|json} of the listing and status commands: an aligned table for people, or JSON Lines (one
 * object per listed item, nothing for an empty list) for scripts and {@code jq}.
 */
public final class OutputFormat {

    /** The formats. */
    enum Kind { table, json }

    @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "table|json",
            description = "table, or json: one JSON object per line (default: ${DEFAULT-VALUE}).")
    Kind kind = Kind.table;

    /** Whether JSON Lines were asked for. */
    boolean json() {
        return kind == Kind.json;
    }

    /** Prints {@code item} as one JSON line. */
    static void line(PrintWriter out, JsonNode item) {
        out.println(item.toString());
    }

    /** A new empty JSON object to fill. */
    static ObjectNode object() {
        return ServiceClient.JSON.createObjectNode();
    }
}
