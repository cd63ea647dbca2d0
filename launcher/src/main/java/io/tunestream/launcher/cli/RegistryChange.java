package io.tunestream.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** What promote and rollback share: reading the registry's outcome, and saying why a 401 happened. */
final class RegistryChange {

    private RegistryChange() {
    }

    static JsonNode expectApplied(ServiceClient registry, ServiceClient.Answer answer, Connection connection) {
        if (answer.status() == 401) {
            String why = connection.registryToken() == null
                    ? "no registry admin token given: pass --registry-token or set TUNESTREAM_REGISTRY_ADMIN_TOKEN"
                    : "the registry admin token was refused";
            throw new CliException("unauthorized (401): " + why);
        }
        return registry.expectOk(answer);
    }

    static String previous(JsonNode outcome) {
        JsonNode previous = outcome.path("previousVersion");
        return previous.isNumber() ? " (was version " + previous.asInt() + ")" : "";
    }
}
