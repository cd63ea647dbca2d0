package io.tunestream.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** What promote and rollback share: describing the registry's outcome. */
final class RegistryChange {

    private RegistryChange() {
    }

    static String previous(JsonNode outcome) {
        JsonNode previous = outcome.path("previousVersion");
        return previous.isNumber() ? " (was version " + previous.asInt() + ")" : "";
    }
}
