package io.tunestream.trainer.domain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunestream.model.FineTunable;
import io.tunestream.model.arch.TensorSlot;
import io.tunestream.model.safetensors.SafetensorsReader;
import io.tunestream.model.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A job's resumable state in a directory of the shared artifact store ({@code <artifact-dir>/<jobId>/resume}), so
 * that whichever worker picks the job up after a crash can go on from the last evaluation:
 * {@code state-<step>.safetensors} (the trainable tensors and the optimizer's moments), {@code best-<step>.safetensors}
 * (the best weights so far) and {@code resume.json} ({@link ResumePoint}). The JSON is written last, to a temporary
 * file renamed over the old one: it is the commit point, and names the tensor files it belongs to; older files are
 * removed after it.
 * <p>Fenced by epoch: a store is opened for one run of the job (its epoch), and {@link #claim()} records that epoch as
 * the store's owner ({@code owner}). Saving, committing and clearing check, under a file lock, that no higher epoch
 * has claimed the store since, and throw {@link JobSupersededException} if one has, so a superseded worker can never
 * overwrite or delete the resume point of the run that took its job over. A takeover run's tensor files carry its
 * epoch in their names ({@code state-<step>-e<epoch>.safetensors}), so they never collide with a stale run's.
 */
public final class ResumeStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POINT = "resume.json";
    private static final String OWNER = "owner";
    private static final String LOCK = "lock";

    private final Path dir;
    private final long epoch;

    /** @param dir the job's resume directory, for the job's first run (epoch 0) */
    public ResumeStore(Path dir) {
        this(dir, 0);
    }

    /**
     * @param dir the job's resume directory
     * @param epoch the epoch of the run that uses it
     */
    public ResumeStore(Path dir, long epoch) {
        this.dir = dir;
        this.epoch = epoch;
    }

    /** @return the epoch of the run this store was opened for */
    public long epoch() {
        return epoch;
    }

    /** @return the epoch that last claimed the store, empty when none did */
    public OptionalLong owner() {
        Path file = dir.resolve(OWNER);
        if (!Files.isRegularFile(file)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the owner of the resume state " + file + ": " + e, e);
        }
    }

    /**
     * Makes this run the store's owner, so that older runs can no longer write or clear it.
     *
     * @throws JobSupersededException when a higher epoch owns it already
     */
    public void claim() {
        underLock(() -> {
            Path tmp = Files.createTempFile(dir, "owner", ".tmp");
            Files.writeString(tmp, Long.toString(epoch), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(OWNER), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        });
    }

    /** @return the last committed point, if any */
    public Optional<ResumePoint> latest() {
        Path file = dir.resolve(POINT);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ResumePoint.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resume point " + file, e);
        }
    }

    /**
     * Saves the state of an evaluation step and commits the point.
     *
     * @param point where the job stands
     * @param model its trainable tensors
     * @param optimizer the optimizer's moments by name
     * @param best the best weights so far
     * @return the committed point, naming this run's epoch as the writer of its tensor files
     * @throws JobSupersededException when a higher epoch owns the store
     */
    public ResumePoint save(ResumePoint point, FineTunable model, Map<String, NDArray> optimizer, Path best) {
        ResumePoint owned = point.toBuilder().jobEpoch(epoch).build();
        try {
            Files.createDirectories(dir);
            requireOwner(); // fail fast; commit checks again under the lock
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (TensorSlot slot : model.trainableSlots().values()) {
                tensors.put(slot.name(), slot.parameter().getArray());
            }
            tensors.putAll(optimizer);
            SafetensorsWriter.write(stateFile(owned), tensors, Map.of("step", String.valueOf(point.step())));
            Files.copy(best, bestFile(owned), StandardCopyOption.REPLACE_EXISTING);
            commit(owned);
            return owned;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the resume state in " + dir, e);
        }
    }

    /**
     * Commits a point (a changed point of the same step: published flags).
     *
     * @throws JobSupersededException when a higher epoch owns the store
     */
    public void commit(ResumePoint point) {
        underLock(() -> {
            Path tmp = Files.createTempFile(dir, "resume", ".json");
            JSON.writeValue(tmp.toFile(), point);
            Files.move(tmp, dir.resolve(POINT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            removeAllBut(point);
        });
    }

    /**
     * @param point the point
     * @param manager scratch manager for the arrays
     * @return the tensors of the point's state file (trainable tensors and optimizer moments)
     */
    public Map<String, NDArray> readState(ResumePoint point, NDManager manager) {
        try {
            return SafetensorsReader.read(stateFile(point), manager);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resume state of step " + point.step(), e);
        }
    }

    /** @return the state file of a step written by this store's run */
    public Path stateFile(long step) {
        return dir.resolve("state-" + step + suffix(epoch));
    }

    /** @return the state file a point names (written by the run of its {@code jobEpoch}) */
    public Path stateFile(ResumePoint point) {
        return dir.resolve("state-" + point.step() + suffix(point.jobEpoch()));
    }

    /** @return the best-weights file saved with a point */
    public Path bestFile(ResumePoint point) {
        return dir.resolve("best-" + point.step() + suffix(point.jobEpoch()));
    }

    /**
     * Deletes the whole resume directory (the job ended), unless a higher epoch owns it: a superseded run's ending
     * must not delete the state of the run that took the job over.
     *
     * @return whether it was deleted (or never existed)
     */
    public boolean clear() {
        if (!Files.exists(dir)) {
            return true;
        }
        try {
            underLock(() -> {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            });
            return true;
        } catch (JobSupersededException e) {
            return false;
        }
    }

    /** Runs a change of the store while holding its lock, once no higher epoch owns it. */
    private void underLock(IoAction action) {
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                requireOwner();
                action.run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot change the resume state in " + dir, e);
        }
    }

    private void requireOwner() {
        OptionalLong owner = owner();
        if (owner.isPresent() && owner.getAsLong() > epoch) {
            throw new JobSupersededException(dir.getParent().getFileName().toString(), epoch,
                    "its resume state belongs to epoch " + owner.getAsLong());
        }
    }

    private void removeAllBut(ResumePoint point) throws IOException {
        String state = stateFile(point).getFileName().toString();
        String best = bestFile(point).getFileName().toString();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> {
                String name = p.getFileName().toString();
                return (name.startsWith("state-") || name.startsWith("best-")) && !name.equals(state)
                        && !name.equals(best);
            }).forEach(p -> p.toFile().delete());
        }
    }

    private static String suffix(long epoch) {
        return (epoch == 0 ? "" : "-e" + epoch) + ".safetensors";
    }

    /** A file-system change that may throw. */
    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
