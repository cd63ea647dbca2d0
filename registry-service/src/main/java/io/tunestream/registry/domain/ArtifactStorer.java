package io.tunestream.registry.domain;

/**
 * Copies a version's weights into the registry's artifact store and verifies them. A port: the domain decides
 * when, the service does the file work.
 */
public interface ArtifactStorer {

    /** Where a stored artifact lives and its verified SHA-256. */
    record StoredArtifact(String uri, String sha256) {
    }

    /**
     * Stores the artifact at {@code sourceUri} as version {@code version} of {@code name}.
     *
     * @param expectedSha256 SHA-256 announced by the evaluation (null: not checked, computed)
     * @throws ArtifactException when the source cannot be read or its checksum differs
     */
    StoredArtifact store(String name, int version, String sourceUri, String expectedSha256);

    /** An artifact that cannot be stored; the evaluation that named it goes to the dead-letter topic. */
    class ArtifactException extends RuntimeException {
        public ArtifactException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
