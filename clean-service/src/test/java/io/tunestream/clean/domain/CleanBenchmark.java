package io.tunestream.clean.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * In-process micro benchmark of {@link CleaningPipeline} (not a test): builds N records (default
 * 1,000,000) of at most 256 characters with ~20% exact duplicates, then times the pipeline.
 * Texts are SpamAssassin bodies cut to 256 characters with a counter when the corpus directory
 * exists (arg 2, default {@code ~/.cache/tunestream/datasets/spam-assassin-0.2.3}), random
 * English-like word salad otherwise. Prints records/s (wall clock, and per CPU-second of the
 * benchmark thread, which is steadier on a shared machine) for the defaults and with
 * near-duplicate removal off. Single-threaded, like the pandas reference.
 *
 * <pre>./mvnw -q -pl clean-service test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.tunestream.clean.domain.CleanBenchmark -Dexec.args="1000000"</pre>
 */
public final class CleanBenchmark {

    private CleanBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path corpus = Path.of(args.length > 1 ? args[1]
                : System.getProperty("user.home") + "/.cache/tunestream/datasets/spam-assassin-0.2.3");
        List<String[]> sources = Files.isDirectory(corpus) ? spamAssassin(corpus) : wordSalad(6000);
        List<TextRecord> records = dataset(sources, n);
        System.out.printf("records: %,d from %s (%,d source texts)%n", n,
                Files.isDirectory(corpus) ? corpus : "synthetic word salad", sources.size());
        var mapping = LabelSettings.defaults().withMapping(java.util.Map.of("1", "spam", "0", "ham"));
        CleanConfig defaults = CleanConfig.defaults().withLabels(mapping);
        run("defaults (NFKC, dedupe, near-dup 0.9, undersample)", defaults, records);
        run("near-duplicate removal off", defaults.withNearDuplicates(
                NearDuplicateSettings.defaults().withEnabled(false)), records);
    }

    private static void run(String name, CleanConfig config, List<TextRecord> records) {
        CleaningPipeline pipeline = new CleaningPipeline(config);
        pipeline.run(records.subList(0, Math.min(records.size(), 200_000))); // warm-up (JIT)
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[3];
        double[] cpu = new double[3];
        CleanResult last = null;
        for (int i = 0; i < wall.length; i++) {
            long start = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            last = pipeline.run(records);
            wall[i] = records.size() / ((System.nanoTime() - start) / 1e9);
            cpu[i] = records.size() / ((threads.getCurrentThreadCpuTime() - startCpu) / 1e9);
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("%-52s median %,9.0f records/s wall (min %,.0f, max %,.0f); %,9.0f records/s per CPU-second%n",
                name, wall[1], wall[0], wall[2], cpu[1]);
        System.out.printf("    in %,d out %,d dropped %s accounting %s%n", last.report().in(), last.report().out(),
                last.report().droppedByReason(), last.report().accountingHolds() ? "holds" : "BROKEN");
    }

    /** (label, text) pairs; record i takes source i mod size, ~20% of records repeat an earlier record. */
    private static List<TextRecord> dataset(List<String[]> sources, int n) {
        SplittableRandom random = new SplittableRandom(1);
        List<TextRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i > 0 && random.nextDouble() < 0.2) {
                TextRecord earlier = records.get(random.nextInt(i));
                records.add(new TextRecord("r" + i, earlier.text(), earlier.label(), null, null, List.of()));
                continue;
            }
            String[] source = sources.get(i % sources.size());
            String counter = " #" + i;
            String text = source[1].length() + counter.length() > 256
                    ? source[1].substring(0, 256 - counter.length()) + counter : source[1] + counter;
            records.add(new TextRecord("r" + i, text, source[0], null, null, List.of()));
        }
        return records;
    }

    private static List<String[]> spamAssassin(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                String raw = json.readTree(f.toFile()).path("text").asText();
                int body = raw.indexOf("\n\n");
                String text = body >= 0 ? raw.substring(body + 2) : raw;
                out.add(new String[] {f.getParent().getFileName().toString().startsWith("spam") ? "1" : "0", text});
            }
        }
        return out;
    }

    private static List<String[]> wordSalad(int count) {
        String[] vocabulary = ("free offer money meeting project report click here win prize today account "
                + "please review attached schedule cheap pills watches lunch budget update server linux kernel "
                + "patch release list subscribe unsubscribe credit loan investment urgent reply thanks regards")
                .split(" ");
        SplittableRandom random = new SplittableRandom(2);
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder();
            while (sb.length() < 230) {
                sb.append(vocabulary[random.nextInt(vocabulary.length)]).append(' ');
            }
            out.add(new String[] {random.nextDouble() < 0.3 ? "1" : "0", sb.toString()});
        }
        return out;
    }
}
