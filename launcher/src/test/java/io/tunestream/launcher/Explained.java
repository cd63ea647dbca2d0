package io.tunestream.launcher;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A failing end-to-end test carries the stack's diagnostics ({@link EmbeddedStack#diagnostics(int)}: each service's
 * state, the tail of its log, any JVM crash report), so that a failure on a CI machine says what the services were
 * doing. A skipped test (an assumption that does not hold) is left as it is.
 */
public final class Explained {

    private static final int LOG_LINES = 60;

    /** A test body that may throw anything. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private Explained() {
    }

    /** Runs {@code body} against a stack the test itself starts (and closes when the body ends). */
    public static void run(EmbeddedStack stack, Body body) {
        try {
            body.run();
        } catch (org.opentest4j.TestAbortedException e) {
            throw e;
        } catch (Exception | AssertionError e) {
            throw explained(e, stack);
        }
    }

    /**
     * For a stack shared by a test class ({@code @BeforeAll}):
     * {@code @RegisterExtension static final TestExecutionExceptionHandler EXPLAINED = Explained.by(() -> stack);}
     */
    public static TestExecutionExceptionHandler by(Supplier<EmbeddedStack> stack) {
        return (ExtensionContext context, Throwable thrown) -> {
            EmbeddedStack current = stack.get();
            if (current == null || thrown instanceof org.opentest4j.TestAbortedException) {
                throw thrown;
            }
            throw explained(thrown, current);
        };
    }

    private static AssertionError explained(Throwable thrown, EmbeddedStack stack) {
        return new AssertionError(thrown + "\n" + stack.diagnostics(LOG_LINES), thrown);
    }
}
