package io.tunestream.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.tunestream.security.Roles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tunestream models export NAME@alias --format merged|peft --out DIR}: downloads an export of a registered
 * causal language model version from evaluator-service ({@code GET .../exports/{format}}, one zip, checked against
 * its SHA-256) and unpacks it into DIR: {@code merged} is a complete Hugging Face model directory
 * ({@code AutoModelForCausalLM.from_pretrained(DIR)}), {@code peft} the LoRA adapter
 * ({@code PeftModel.from_pretrained(base, DIR)}).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Download a causal language model version as a Hugging Face directory.",
                "merged: config.json + model.safetensors (LoRA merged) + tokenizer files;",
                "peft: adapter_config.json + adapter_model.safetensors (LoRA versions)."})
public final class ModelsExportCommand extends CliCommand {

    /** The export formats. */
    enum Format { merged, peft }

    @Parameters(index = "0", paramLabel = "NAME@ALIAS", converter = ScoreCommand.ModelRefConverter.class,
            description = "The model version: NAME@alias or NAME@version.")
    ScoreCommand.ModelRef model;

    @Option(names = "--format", required = true, paramLabel = "merged|peft",
            description = "merged (a whole Hugging Face model) or peft (the LoRA adapter).")
    Format format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to create (must not exist or be empty).")
    Path out;

    @Mixin
    Connection connection;

    @Override
    int execute() throws Exception {
        Path target = UserFiles.resolve(out);
        if (Files.exists(target) && (!Files.isDirectory(target) || !isEmpty(target))) {
            throw new CliException(target + " exists and is not an empty directory", CliException.USAGE);
        }
        ServiceClient evaluator = connection.client(Service.EVALUATOR);
        Path zip = Files.createTempFile("tunestream-export-", ".zip");
        try {
            evaluator.download("/api/models/" + URLEncoder.encode(model.name(), StandardCharsets.UTF_8) + "/versions/"
                    + URLEncoder.encode(model.aliasOrVersion(), StandardCharsets.UTF_8) + "/exports/" + format,
                    Roles.EVALUATOR, zip);
            List<String> files = unzip(zip, target);
            for (String file : files) {
                out().println(target.resolve(file));
            }
            err().printf(Locale.ROOT, "%s export of %s@%s: %d files in %s%n", format, model.name(),
                    model.aliasOrVersion(), files.size(), target);
            return 0;
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    /** Unpacks every entry under {@code target}; an entry that would land outside it is refused. */
    static List<String> unzip(Path zip, Path target) throws IOException {
        Path root = Files.createDirectories(target).toAbsolutePath().normalize();
        List<String> names = new ArrayList<>();
        try (InputStream file = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(file)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path dest = root.resolve(entry.getName()).normalize();
                if (!dest.startsWith(root) || dest.equals(root)) {
                    throw new CliException("the export holds an entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(dest);
                    continue;
                }
                Files.createDirectories(dest.getParent());
                Files.copy(in, dest);
                names.add(root.relativize(dest).toString());
            }
        }
        return names;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
