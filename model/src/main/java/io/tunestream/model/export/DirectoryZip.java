package io.tunestream.model.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An export directory as one zip archive: every regular file under it, by its path relative to the directory
 * ({@code /} separated, sorted), so {@code unzip -d DIR} gives back the directory. The download format of the
 * merged and PEFT exports.
 */
public final class DirectoryZip {

    private DirectoryZip() {
    }

    /**
     * @param directory the directory to pack
     * @param out where the archive goes (not closed)
     * @throws IOException when a file cannot be read or the stream written
     */
    public static void write(Path directory, OutputStream out) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Path file : files) {
            zip.putNextEntry(new ZipEntry(directory.relativize(file).toString().replace('\\', '/')));
            Files.copy(file, zip);
            zip.closeEntry();
        }
        zip.finish();
    }
}
