package io.tunestream.sampledata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fetches one npm package tarball with the user's own {@code npm pack} (so its configured registry,
 * proxy and cache apply) and checks it against the size and integrity npm reports and a pinned digest.
 */
final class NpmPackage {

    private static final long TIMEOUT_MINUTES = 10;

    private final String spec;
    private final String pinnedIntegrity;
    private final String npm;

    NpmPackage(String spec, String pinnedIntegrity) {
        this(spec, pinnedIntegrity, npmCommand());
    }

    /** With another npm executable (tests: a missing one). */
    NpmPackage(String spec, String pinnedIntegrity, String npm) {
        this.spec = spec;
        this.pinnedIntegrity = pinnedIntegrity;
        this.npm = npm;
    }

    /** Runs {@code npm pack <spec> --json} in {@code dir} and returns the verified tarball. */
    Path pack(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path log = dir.resolve("npm-pack.log");
        Process process = start(dir, log);
        String stdout;
        try (InputStream in = process.getInputStream()) {
            stdout = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int exit = waitFor(process);
        if (exit != 0) {
            throw new IOException("'npm pack " + spec + "' failed with exit code " + exit
                    + " (offline, or the npm registry is unreachable?). npm said:\n" + tail(log));
        }
        return verify(dir, stdout);
    }

    private Process start(Path dir, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(npm, "pack", spec, "--json"))
                .directory(dir.toFile())
                .redirectError(log.toFile());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IOException("Cannot run 'npm' to fetch " + spec
                    + ": is Node.js/npm installed and on the PATH? (" + e.getMessage() + ")", e);
        }
    }

    private static String npmCommand() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows") ? "npm.cmd" : "npm";
    }

    private static int waitFor(Process process) throws IOException {
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("'npm pack' did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for 'npm pack'", e);
        }
    }

    private Path verify(Path dir, String stdout) throws IOException {
        JsonNode info = new ObjectMapper().readTree(stdout).get(0);
        Path tarball = dir.resolve(info.get("filename").asText());
        long size = Files.size(tarball);
        if (size != info.get("size").asLong()) {
            throw new IOException("Tarball " + tarball + " has " + size + " bytes, npm reported "
                    + info.get("size").asLong());
        }
        String actual = "sha512-" + Base64.getEncoder().encodeToString(sha512(tarball));
        String reported = info.get("integrity").asText();
        if (!actual.equals(reported) || !actual.equals(pinnedIntegrity)) {
            throw new IOException("Integrity mismatch for " + tarball + ": computed " + actual
                    + ", npm reported " + reported + ", expected " + pinnedIntegrity);
        }
        return tarball;
    }

    private static byte[] sha512(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is part of every JRE", e);
        }
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    }
}
