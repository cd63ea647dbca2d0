package io.tunestream.model.events;

import io.tunestream.model.BundledModel;
import io.tunestream.schemas.Identifiers;
import io.tunestream.schemas.SafePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The directories base models may be loaded from ({@value #PROPERTY}, comma-separated). A base model reference is
 * a bundled model ({@link BundledModel}), or a Hugging Face directory named by a path (or {@code file:} /
 * {@code hf:} URI) that lies under one of these roots, after resolving links; a relative path is looked up under
 * each root in turn. Anything else is refused, so a request cannot make a service read an arbitrary directory.
 */
public final class ModelRoots {

    /** Configuration property (env {@code TUNESTREAM_MODELS_ROOTS}) naming the roots, comma-separated. */
    public static final String PROPERTY = "tunestream.models.roots";

    private final List<Path> roots;

    /** @param roots the allowed roots; empty: only bundled models */
    public ModelRoots(List<Path> roots) {
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** @return roots allowing only bundled models */
    public static ModelRoots none() {
        return new ModelRoots(List.of());
    }

    /** @param commaSeparated the property's value; blank: none */
    public static ModelRoots parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return none();
        }
        return new ModelRoots(Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(Path::of).toList());
    }

    /** @return the roots, absolute and normalised */
    public List<Path> roots() {
        return roots;
    }

    /**
     * @param reference a base model reference
     * @return why it is refused ("baseModel ... is not under a configured model root ..."); empty when allowed
     */
    public Optional<String> problem(String reference) {
        try {
            directory(reference);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * @param reference a non-bundled reference
     * @return its directory, under a root
     * @throws IllegalArgumentException naming the reference and the roots, when it is not under one
     */
    public Path directory(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("baseModel must not be blank");
        }
        if (reference.startsWith("bundled:")) {
            throw new IllegalArgumentException("baseModel " + reference + " is not a bundled model ("
                    + BundledModel.references() + ")");
        }
        String path = reference.startsWith("file:") ? reference.substring(5)
                : reference.startsWith("hf:") ? reference.substring(3) : reference;
        if (path.chars().anyMatch(c -> c == '%' || c == '\\' || Character.isISOControl(c))) {
            throw new IllegalArgumentException("baseModel " + reference + " must not contain '%', '\\' or control characters");
        }
        Path candidate = Path.of(path);
        if (candidate.isAbsolute()) {
            for (Path root : roots) {
                if (candidate.normalize().startsWith(root) && !candidate.normalize().equals(root)) {
                    return underRoot(root, root.relativize(candidate.normalize()), reference);
                }
            }
        } else {
            for (Path root : roots) {
                Path dir = underRoot(root, candidate, reference);
                if (Files.isDirectory(dir)) {
                    return dir;
                }
            }
        }
        throw new IllegalArgumentException("baseModel " + reference + " is not a bundled model ("
                + BundledModel.references() + ") nor a directory under a configured model root " + roots + " ("
                + PROPERTY + ")");
    }

    private static Path underRoot(Path root, Path relative, String reference) {
        List<String> segments = new ArrayList<>();
        relative.forEach(p -> segments.add(p.toString()));
        try {
            Path dir = SafePaths.resolveUnder(root, segments.toArray(String[]::new));
            if (Files.exists(dir) && !dir.toRealPath().startsWith(root.toRealPath())) {
                throw new IllegalArgumentException("baseModel " + reference + " leads out of " + root);
            }
            return dir;
        } catch (Identifiers.InvalidIdentifierException | SafePaths.UnsafePathException e) {
            throw new IllegalArgumentException("baseModel " + reference + " is not a safe path under " + root + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("baseModel " + reference + " cannot be resolved: " + e.getMessage(), e);
        }
    }
}
