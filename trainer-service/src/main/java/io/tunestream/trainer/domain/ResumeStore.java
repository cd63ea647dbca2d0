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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A job's resumable state in a directory of the shared artifact store ({@code <artifact-dir>/<jobId>/resume}), so
 * that whichever worker picks the job up after a crash can go on from the last evaluation:
 * {@code state-<step>.safetensors} (the trainable tensors and the optimizer's moments), {@code best-<step>.safetensors}
 * (the best weights so far) and {@code resume.json} ({@link ResumePoint}). The JSON is written last, to a temporary
 * file renamed over the old one: it is the commit point, and names the tensor files it belongs to; older files are
 * removed after it.
 */
public final class ResumeStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POINT = "resume.json";

    private final Path dir;

    /** @param dir the job's resume directory */
    public ResumeStore(Path dir) {
        this.dir = dir;
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
     */
    public void save(ResumePoint point, FineTunable model, Map<String, NDArray> optimizer, Path best) {
        try {
            Files.createDirectories(dir);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (TensorSlot slot : model.trainableSlots().values()) {
                tensors.put(slot.name(), slot.parameter().getArray());
            }
            tensors.putAll(optimizer);
            SafetensorsWriter.write(stateFile(point.step()), tensors, Map.of("step", String.valueOf(point.step())));
            Files.copy(best, bestFile(point.step()), StandardCopyOption.REPLACE_EXISTING);
            commit(point);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the resume state in " + dir, e);
        }
    }

    /** Commits a changed point of the same step (published flags). */
    public void commit(ResumePoint point) {
        try {
            Path tmp = Files.createTempFile(dir, "resume", ".json");
            JSON.writeValue(tmp.toFile(), point);
            Files.move(tmp, dir.resolve(POINT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            removeOlderThan(point.step());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the resume point in " + dir, e);
        }
    }

    /**
     * @param point the point
     * @param manager scratch manager for the arrays
     * @return the tensors of the point's state file (trainable tensors and optimizer moments)
     */
    public Map<String, NDArray> readState(ResumePoint point, NDManager manager) {
        try {
            return SafetensorsReader.read(stateFile(point.step()), manager);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resume state of step " + point.step(), e);
        }
    }

    /** @return the state file of a step */
    public Path stateFile(long step) {
        return dir.resolve("state-" + step + ".safetensors");
    }

    /** @return the best-weights file saved with a step */
    public Path bestFile(long step) {
        return dir.resolve("best-" + step + ".safetensors");
    }

    /** Deletes the whole resume directory (the job ended). */
    public void clear() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private void removeOlderThan(long step) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> {
                String name = p.getFileName().toString();
                return (name.startsWith("state-") || name.startsWith("best-"))
                        && !name.equals(stateFile(step).getFileName().toString())
                        && !name.equals(bestFile(step).getFileName().toString());
            }).forEach(p -> p.toFile().delete());
        }
    }
}
