package io.tunestream.evaluator.service;

import io.tunestream.events.ModelStatus;
import io.tunestream.events.ModelVersion;
import io.tunestream.model.events.CheckpointAssembler;
import io.tunestream.model.events.ModelSpec;
import io.tunestream.model.events.Sha256;
import io.tunestream.schemas.SafePaths;
import io.tunestream.kafka.toolkit.CompactedTopicView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The registry's model versions as the evaluator needs them: the champion of a name (for A/B) and any
 * {@code name@alias} or {@code name@version} (for scoring), each with a verified weights file. The versions come
 * from the registry's compacted {@code models} topic (the registry's state is the log); the weights from the
 * version's {@code file:} artifact URI when this process can read it, else downloaded from the registry's REST
 * API ({@code registryUrl}) into a local cache. Either way the SHA-256 is checked.
 */
public final class RegisteredModels implements CheckpointEvaluator.Champions {

    /** The alias the A/B comparison runs against. */
    public static final String CHAMPION = "champion";

    private static final Logger LOG = Logger.getLogger(RegisteredModels.class);

    private final CompactedTopicView<ModelVersion> view;
    private final Optional<String> registryUrl;
    private final Optional<String> authorization;
    private final Path cacheDir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param view the models topic, materialised
     * @param registryUrl the registry's base URL, for downloads
     * @param authorization the {@code Authorization} header of downloads (a reader's bearer token), if any
     * @param cacheDir where downloaded weights go
     */
    public RegisteredModels(CompactedTopicView<ModelVersion> view, Optional<String> registryUrl,
                            Optional<String> authorization, Path cacheDir) {
        this.view = view;
        this.registryUrl = registryUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        this.authorization = authorization;
        this.cacheDir = cacheDir;
    }

    @Override
    public Optional<RegisteredModel> champion(String modelName) {
        view.awaitCaughtUp(Duration.ofSeconds(10));
        Optional<ModelVersion> champion = find(modelName, CHAMPION);
        if (champion.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(load(champion.get()));
        } catch (RuntimeException e) {
            // A champion that cannot be rebuilt must not block evaluations: compare with nothing, and say so.
            LOG.warnf("Champion v%d of %s cannot be loaded, no A/B comparison: %s", champion.get().getVersion(),
                    modelName, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * @param name model name
     * @param aliasOrVersion an alias (champion, challenger, ...) or a version number
     * @return the version, loaded
     * @throws UnknownModelException when the name, alias or version is not registered
     */
    public RegisteredModel resolve(String name, String aliasOrVersion) {
        view.awaitCaughtUp(Duration.ofSeconds(10));
        ModelVersion version = find(name, aliasOrVersion).orElseThrow(() -> new UnknownModelException(
                "no model version " + name + "@" + aliasOrVersion + " is registered"));
        return load(version);
    }

    private Optional<ModelVersion> find(String name, String aliasOrVersion) {
        boolean number = aliasOrVersion.chars().allMatch(Character::isDigit) && !aliasOrVersion.isEmpty();
        return view.snapshot().values().stream()
                .filter(v -> v.getName().equals(name) && v.getStatus() == ModelStatus.REGISTERED)
                .filter(v -> number ? v.getVersion() == Integer.parseInt(aliasOrVersion)
                        : v.getAliases().contains(aliasOrVersion))
                .max(Comparator.comparingInt(ModelVersion::getVersion));
    }

    private RegisteredModel load(ModelVersion v) {
        ModelSpec spec = ModelSpec.of(v.getLineage());
        return new RegisteredModel(v.getName(), v.getVersion(), spec, weights(v), v.getArtifactSha256());
    }

    private Path weights(ModelVersion v) {
        String uri = v.getArtifactUri();
        String sha = v.getArtifactSha256();
        if (uri == null || sha == null) {
            throw new IllegalStateException(v.getName() + " v" + v.getVersion() + " has no artifact");
        }
        if (uri.startsWith("file:")) {
            Path file = Path.of(URI.create(uri));
            if (Files.isReadable(file) && sha.equals(Sha256.of(file))) {
                return file;
            }
        }
        Path cached = SafePaths.resolveUnder(cacheDir, v.getName(),
                v.getVersion() + "-" + sha + ".safetensors");
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        return download(v, cached);
    }

    private Path download(ModelVersion v, Path target) {
        String base = registryUrl.orElseThrow(() -> new IllegalStateException("the artifact of " + v.getName() + " v"
                + v.getVersion() + " (" + v.getArtifactUri() + ") is not readable here and no registry URL is "
                + "configured (tunestream.evaluator.registry-url)"));
        URI uri = URI.create(base + "/api/models/" + URLEncoder.encode(v.getName(), StandardCharsets.UTF_8)
                + "/versions/" + v.getVersion() + "/artifact");
        try {
            Files.createDirectories(target.getParent());
            Path part = Files.createTempFile(target.getParent(), "download-", ".part");
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET();
            authorization.ifPresent(value -> request.header("Authorization", value));
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
                }
                Files.copy(body, part, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!v.getArtifactSha256().equals(Sha256.of(part))) {
                Files.deleteIfExists(part);
                throw new IllegalStateException("the artifact downloaded from " + uri + " fails its SHA-256 check");
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading " + uri, e);
        }
    }
}
