package io.tunestream.registry.domain;

import java.net.URI;
import java.util.Objects;

/**
 * Where a cluster fetches a version's weights: the registry's own download endpoint under its public base URL
 * ({@code <public-url>/api/models/<name>/versions/<v>/artifact}). Deployment events carry this URI instead of the
 * {@code file:} path of the registry's volume, which no other pod can read. Built at the moment an event is
 * made, so the URI always names the registry's current address, also for versions registered before it moved.
 *
 * @param publicUrl the registry's base URL as seen from the cluster ({@code http://registry-service:8080})
 */
public record ArtifactLinks(URI publicUrl) {

    public ArtifactLinks {
        Objects.requireNonNull(publicUrl, "publicUrl");
        String scheme = publicUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || publicUrl.getHost() == null) {
            throw new IllegalArgumentException("the registry's public URL must be an absolute http(s) URL with a "
                    + "host (tunestream.registry.public-url), got " + publicUrl);
        }
        if (publicUrl.getQuery() != null || publicUrl.getFragment() != null) {
            throw new IllegalArgumentException("the registry's public URL must have no query or fragment, got "
                    + publicUrl);
        }
    }

    /** Parses a base URL such as {@code https://models.example.com/registry/}. */
    public static ArtifactLinks of(String publicUrl) {
        try {
            return new ArtifactLinks(URI.create(publicUrl.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the registry's public URL (tunestream.registry.public-url) is not a "
                    + "URL: " + publicUrl + " (" + e.getMessage() + ")", e);
        }
    }

    /** The download URL of version {@code version} of model {@code name} (a valid model name, URL-safe). */
    public URI artifact(String name, int version) {
        String base = publicUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/api/models/" + ModelNames.requireName(name) + "/versions/" + version + "/artifact");
    }
}
