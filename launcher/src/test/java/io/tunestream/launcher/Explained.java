package io.tunestream.launcher;

/** Runs a test's body against a stack; when it fails, the failure carries the stack's diagnostics. */
final class Explained {

    /** A test body that may throw anything. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private Explained() {
    }

    /**
     * Runs {@code body}; if it throws, rethrows an {@link AssertionError} whose message holds
     * {@link EmbeddedStack#diagnostics(int)} (each service's state and log tail, any JVM crash report) and whose
     * cause is what was thrown, so a failure on a CI machine says what the services were doing.
     */
    static void run(EmbeddedStack stack, Body body) {
        try {
            body.run();
        } catch (Exception | AssertionError e) {
            AssertionError explained = new AssertionError(e + "\n" + stack.diagnostics(60), e);
            throw explained;
        }
    }
}
