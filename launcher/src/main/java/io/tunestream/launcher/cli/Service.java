package io.tunestream.launcher.cli;

import io.tunestream.security.Roles;

/**
 * The services the CLI talks to over HTTP, with the module name the stack file uses, the option that overrides it, and
 * the role of its changing calls.
 */
enum Service {
    INGEST("ingest-service", "--ingest-url", Roles.PUBLISHER),
    TRAINER("trainer-service", "--trainer-url", Roles.TRAINER),
    EVALUATOR("evaluator-service", "--evaluator-url", Roles.EVALUATOR),
    REGISTRY("registry-service", "--registry-url", Roles.ADMIN);

    private final String module;
    private final String option;
    private final String changeRole;

    Service(String module, String option, String changeRole) {
        this.module = module;
        this.option = option;
        this.changeRole = changeRole;
    }

    /**
     * The role a call of the CLI needs: {@code reader} for a GET; otherwise the service's changing role
     * (ingest: publisher, trainer: trainer, evaluator: evaluator, registry: admin).
     */
    String roleFor(String method) {
        return "GET".equals(method) ? Roles.READER : changeRole;
    }

    /** The service's module name, e.g. {@code ingest-service}. */
    String module() {
        return module;
    }

    /** The option that points the CLI at it, e.g. {@code --ingest-url}. */
    String option() {
        return option;
    }
}
