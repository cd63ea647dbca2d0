package io.tunestream.launcher.cli;

/** The services the CLI talks to over HTTP, with the module name the stack file uses and the option that overrides it. */
enum Service {
    INGEST("ingest-service", "--ingest-url"),
    TRAINER("trainer-service", "--trainer-url"),
    EVALUATOR("evaluator-service", "--evaluator-url"),
    REGISTRY("registry-service", "--registry-url");

    private final String module;
    private final String option;

    Service(String module, String option) {
        this.module = module;
        this.option = option;
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
