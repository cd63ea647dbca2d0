package io.tunestream.model.events;

import io.tunestream.schemas.Identifiers;
import io.tunestream.schemas.SafePaths;
import io.tunestream.events.Checkpoint;
import io.tunestream.events.CheckpointStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns checkpoint events back into one verified weights file. INLINE checkpoints arrive as ordered chunks
 * (one partition per job): they are appended to {@code <dir>/<checkpointId>.part}, and when the last one has
 * arrived the file's size and SHA-256 are checked against the event and it is renamed to
 * {@code <checkpointId>.safetensors}. A chunk 0 restarts a checkpoint (a redelivery after a crash); a gap in
 * the order is an error. ARTIFACT checkpoints (claim check) name a {@code file:} URI, checked in place, and only
 * accepted under one of the artifact roots (links resolved), so a forged checkpoint cannot make a reader load, or
 * write beside, a file anywhere else.
 * Not thread-safe: one assembler per consuming thread.
 */
public final class CheckpointAssembler {

    /** A checkpoint whose weights are complete and verified. */
    public record Assembled(Checkpoint header, Path weights) {
    }

    private final Path directory;
    private final List<Path> artifactRoots;
    private final Map<String, Integer> nextChunk = new HashMap<>();

    /** @param directory where assembled INLINE checkpoints are written; ARTIFACT checkpoints are all refused */
    public CheckpointAssembler(Path directory) {
        this(directory, List.of());
    }

    /**
     * @param directory where assembled INLINE checkpoints are written
     * @param artifactRoots the directories ARTIFACT checkpoints may lie under (the trainer's artifact store)
     */
    public CheckpointAssembler(Path directory, List<Path> artifactRoots) {
        this.artifactRoots = artifactRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.directory = directory;
    }

    /**
     * @param event one checkpoint event (a chunk, or a whole ARTIFACT checkpoint)
     * @return the complete checkpoint when this event completes one
     * @throws CheckpointIntegrityException on a gap in the chunks, a size or checksum mismatch, or an
     *     artifact that is missing or not a {@code file:} URI
     */
    public Optional<Assembled> accept(Checkpoint event) {
        if (event.getStorage() == CheckpointStorage.ARTIFACT) {
            return Optional.of(new Assembled(event, verifiedArtifact(event)));
        }
        String id = event.getCheckpointId();
        int index = event.getChunkIndex();
        if (!Identifiers.isValid(id)) {
            throw new CheckpointIntegrityException("checkpoint id " + Identifiers.problem("checkpointId", id).orElse(id));
        }
        Path part = SafePaths.resolveUnder(directory, id + ".part");
        try {
            Files.createDirectories(directory);
            if (index == 0) {
                Files.deleteIfExists(part);
            } else if (nextChunk.getOrDefault(id, -1) != index) {
                Integer expected = nextChunk.remove(id);
                Files.deleteIfExists(part);
                throw new CheckpointIntegrityException("checkpoint " + id + ": chunk " + index + " of "
                        + event.getChunkCount() + " arrived out of order (expected "
                        + (expected == null ? "chunk 0" : "chunk " + expected) + ")");
            }
            ByteBuffer data = event.getInlineData();
            if (data == null) {
                throw new CheckpointIntegrityException("checkpoint " + id + ": INLINE chunk " + index + " has no data");
            }
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                Channels.newChannel(out).write(data.duplicate());
            }
            if (index + 1 < event.getChunkCount()) {
                nextChunk.put(id, index + 1);
                return Optional.empty();
            }
            nextChunk.remove(id);
            verify(event, part);
            Path complete = SafePaths.resolveUnder(directory, id + ".safetensors");
            Files.move(part, complete, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(new Assembled(event, complete));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot assemble checkpoint " + id + " in " + directory, e);
        }
    }

    /** @return the number of checkpoints with chunks still missing */
    public int pending() {
        return nextChunk.size();
    }

    private Path verifiedArtifact(Checkpoint event) {
        String uri = event.getArtifactUri();
        if (uri == null || !uri.startsWith("file:")) {
            throw new CheckpointIntegrityException("checkpoint " + event.getCheckpointId()
                    + ": artifact URI " + uri + " is not a file: URI");
        }
        Path file = Path.of(URI.create(uri));
        if (!Files.isRegularFile(file)) {
            throw new CheckpointIntegrityException("checkpoint " + event.getCheckpointId() + ": artifact " + file
                    + " does not exist");
        }
        requireUnderArtifactRoot(event, file);
        verify(event, file);
        return file;
    }

    private void requireUnderArtifactRoot(Checkpoint event, Path file) {
        Path normal = file.toAbsolutePath().normalize();
        for (Path root : artifactRoots) {
            try {
                if (normal.startsWith(root) && file.toRealPath().startsWith(root.toRealPath())) {
                    return;
                }
            } catch (IOException e) {
                throw new CheckpointIntegrityException("checkpoint " + event.getCheckpointId() + ": artifact " + file
                        + " cannot be resolved: " + e.getMessage());
            }
        }
        throw new CheckpointIntegrityException("checkpoint " + event.getCheckpointId() + ": artifact " + file
                + " is outside the artifact roots " + artifactRoots);
    }

    private static void verify(Checkpoint event, Path file) {
        try {
            long size = Files.size(file);
            if (size != event.getSizeBytes()) {
                throw new CheckpointIntegrityException("checkpoint " + event.getCheckpointId() + ": " + size
                        + " bytes but the event says " + event.getSizeBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String sha = Sha256.of(file);
        if (!sha.equals(event.getSha256())) {
            throw new CheckpointIntegrityException("checkpoint " + event.getCheckpointId() + ": SHA-256 " + sha
                    + " does not match the event's " + event.getSha256());
        }
    }

    /** @return a checkpoint id as a file name: anything outside [A-Za-z0-9._-] becomes '_' */
    public static String safeName(String id) {
        String name = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.startsWith(".") ? "_" + name.substring(1) : name;
    }
}
