package io.tunestream.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders a Kustomize directory with the real {@code kubectl kustomize} (kubectl's built-in Kustomize): the very YAML
 * stream {@code kubectl apply -k} sends to a cluster, so the tests check what a cluster gets, not a re-implementation
 * of Kustomize.
 */
final class Kustomize {

    /** The kubectl the tests run: {@code kubectl} on the PATH unless {@code -Dtunestream.kubectl=/path/to/kubectl}. */
    static final String KUBECTL = System.getProperty("tunestream.kubectl", "kubectl");

    private static final long TIMEOUT_SECONDS = 60;

    private Kustomize() {
    }

    /** {@code kubectl kustomize dir} with the kubectl on the PATH. */
    static String build(Path dir) {
        return build(KUBECTL, dir);
    }

    /** {@code <kubectl> kustomize dir}: its standard output, or an exception that says why there is none. */
    static String build(String kubectl, Path dir) {
        List<String> command = List.of(kubectl, "kustomize", dir.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + kubectl + " (" + e.getMessage() + "): the k8s tests render "
                    + "the manifests with `kubectl kustomize`, as `kubectl apply -k` does. Install kubectl 1.27 or later "
                    + "(this machine image ships v1.32) or point -Dtunestream.kubectl at one.", e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                    + err.join().strip());
        }
        return out.join();
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
