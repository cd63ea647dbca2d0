package io.tunestream.launcher.chaos;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The registry's artifact store on a disk the drill can fill. Where {@code mount} works (root with CAP_SYS_ADMIN,
 * as on the build machines here) the store is a small tmpfs of its own, filled with a file until writes fail with
 * "No space left on device" and freed by deleting it. Elsewhere the store is a plain directory, and "full" means the
 * model's directory cannot be created (a file stands in its way: the registry's write fails with an I/O error), freed
 * by removing that file.
 */
final class ArtifactDisk implements AutoCloseable {

    /** The tmpfs size: room for the LoRA artifacts of a chaos run. */
    static final String TMPFS_SIZE = "256m";
    private static final String FILLER = ".chaos-filler";

    private final Path root;
    private final boolean tmpfs;
    private final String blockedModel;

    private ArtifactDisk(Path root, boolean tmpfs, String blockedModel) {
        this.root = root;
        this.tmpfs = tmpfs;
        this.blockedModel = blockedModel;
    }

    /**
     * Prepares {@code root} (before the registry starts): a tmpfs mounted there if possible, else a plain directory.
     *
     * @param blockedModel the model whose directory the fallback blocks
     */
    static ArtifactDisk prepare(Path root, String blockedModel) throws IOException, InterruptedException {
        Files.createDirectories(root);
        return new ArtifactDisk(root, mount(root), blockedModel);
    }

    private static boolean mount(Path root) throws IOException, InterruptedException {
        Process mount = new ProcessBuilder(List.of("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE, "tmpfs",
                root.toString())).redirectErrorStream(true).start();
        mount.getInputStream().readAllBytes();
        return mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    }

    /** The store's directory. */
    Path root() {
        return root;
    }

    /** How "full" is made here, for the report. */
    String describe() {
        return tmpfs ? "tmpfs " + TMPFS_SIZE + " filled (ENOSPC)" : "no tmpfs (mount refused): store dir blocked (I/O error)";
    }

    /** Fills the disk (tmpfs) or blocks the model's directory (fallback). */
    void fill() throws IOException {
        if (!tmpfs) {
            Files.writeString(root.resolve(blockedModel), "blocked by the chaos drill");
            return;
        }
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(root.resolve(FILLER))) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            // "No space left on device": the disk is full, as wanted
        }
    }

    /** Frees what {@link #fill()} took. */
    void free() throws IOException {
        Files.deleteIfExists(root.resolve(tmpfs ? FILLER : blockedModel));
    }

    /** Frees the disk and unmounts the tmpfs (lazily, should the registry still hold it). */
    @Override
    public void close() throws IOException, InterruptedException {
        free();
        if (tmpfs) {
            new ProcessBuilder(List.of("umount", "-l", root.toString())).redirectErrorStream(true).start()
                    .waitFor(30, TimeUnit.SECONDS);
        }
    }
}
