package io.tunestream.launcher.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.kafka.embedded.FreePort;
import io.tunestream.launcher.BrokerMode;
import io.tunestream.launcher.EmbeddedStack;
import io.tunestream.launcher.ServiceSpec;
import io.tunestream.launcher.StackServices;
import io.tunestream.launcher.StackSettings;
import io.tunestream.launcher.StackTopics;
import io.tunestream.launcher.cli.StackTokens;
import io.tunestream.sampledata.CorpusFraction;
import io.tunestream.sampledata.SampleRecord;
import io.tunestream.sampledata.SpamAssassinAdapter;
import io.tunestream.sampledata.SpamAssassinCorpus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tunestream chaos}: starts its own embedded stack (broker child JVM on fixed ports, the seven services),
 * injects the chosen faults while real work flows (dataset uploads, LoRA jobs, evaluations, registrations), and
 * prints one row per fault: what happened, records in / out / dropped / dead-lettered, time to recover, PASS or FAIL.
 * Exit code 1 when any fault FAILs.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fault drill: start an embedded stack, kill and stop services mid-work, restart the broker, "
                + "fill the registry's disk, write a newer schema; print what happened and a verdict per fault.",
                "Exit code 1 when any fault FAILs."})
public final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--faults", defaultValue = "all", description = "Comma-separated faults (default: all): "
            + "kill-<service>, term-<service> for ingest, clean, split, augment, trainer, evaluator, registry; "
            + "broker-restart, full-disk, v2-producer.")
    String faults;

    @Option(names = "--quick", description = "The CI size: small datasets, 6 LoRA steps, 60 s per fault.")
    boolean quick;

    @Option(names = "--project-dir", defaultValue = ".", description = "Where the service modules are built.")
    Path projectDir;

    @Option(names = "--work-dir", defaultValue = ".tunestream/chaos", description = "Logs and data of the drill's stack.")
    Path workDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        List<Fault> chosen;
        try {
            chosen = Fault.parse(faults);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ChaosSize size = quick ? ChaosSize.QUICK : ChaosSize.FULL;
        String runId = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HHmmss"));
        Path work = workDir.resolve("run-" + runId).toAbsolutePath();
        Files.createDirectories(work);
        ArtifactDisk disk = chosen.contains(Fault.FULL_DISK)
                ? ArtifactDisk.prepare(work.resolve("registry-store"), FullDiskFault.MODEL) : null;
        try {
            StackTokens tokens = StackTokens.generate();
            List<String> modules = needsModels(chosen) ? StackServices.MODULES : StackServices.DATA_MODULES;
            List<ServiceSpec> services = drillSettings(StackServices.discover(projectDir, modules, work, tokens,
                    out::println), disk);
            if (services.size() != modules.size()) {
                out.println("not built: the drill needs " + modules + "; run ./mvnw package -DskipTests");
                return 2;
            }
            out.println("chaos: " + PipelineRound.names(chosen) + (quick ? " (quick)" : "") + "; work in " + work
                    + (disk == null ? "" : "; artifact store: " + disk.describe()));
            Path corpus = corpus(work, size);
            try (EmbeddedStack stack = EmbeddedStack.start(stackSettings(work, services), out);
                 StackProbe probe = new StackProbe(stack.adminConnection())) {
                ChaosContext ctx = new ChaosContext(stack, probe, url(services, "ingest-service"),
                        url(services, "trainer-service"), tokens, size, corpus, runId, out);
                List<FaultResult> results = new ChaosDrill(ctx, disk).run(chosen);
                out.println();
                out.print(ChaosTable.render(results));
                if (results.stream().anyMatch(r -> !r.passed())) {
                    out.println("service logs: " + work.resolve("logs"));
                    return 1;
                }
                return 0;
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
        }
    }

    private static boolean needsModels(List<Fault> faults) {
        return faults.stream().anyMatch(f -> f == Fault.FULL_DISK || (f.service() != null
                && !StackServices.DATA_MODULES.contains(f.service())));
    }

    /**
     * The drill's service settings: short consumer-group sessions (6 s) so a killed member's work moves to its
     * replacement in seconds, not the 45 s default, and the registry's artifact store on the drill's disk.
     */
    static List<ServiceSpec> drillSettings(List<ServiceSpec> services, ArtifactDisk disk) {
        List<ServiceSpec> tuned = new ArrayList<>();
        for (ServiceSpec s : services) {
            Map<String, String> env = new HashMap<>();
            env.put("JDK_JAVA_OPTIONS", "-Dkafka-streams.consumer.session.timeout.ms=6000");
            if (s.name().equals("trainer-service")) {
                env.put("TUNESTREAM_TRAINER_SESSION_TIMEOUT", "6s");
            }
            if (s.name().equals("evaluator-service")) {
                env.put("TUNESTREAM_EVALUATOR_SESSION_TIMEOUT", "6s");
            }
            if (s.name().equals("registry-service") && disk != null) {
                env.put("TUNESTREAM_REGISTRY_ARTIFACT_ROOT", disk.root().toString());
            }
            tuned.add(s.withEnv(env));
        }
        return tuned;
    }

    /** A broker child JVM on fixed ports with its log under the work directory: it can restart in place. */
    private static StackSettings stackSettings(Path work, List<ServiceSpec> services) {
        BrokerSettings broker = BrokerSettings.defaults().withPort(FreePort.pick()).withControllerPort(FreePort.pick())
                .withLogDir(work.resolve("kafka"));
        return new StackSettings(BrokerMode.PROCESS, broker, StackTopics.defaults(), services, work.resolve("logs"),
                Duration.ofSeconds(180));
    }

    private Path corpus(Path work, ChaosSize size) throws IOException {
        SpamAssassinCorpus corpus = SpamAssassinCorpus.fetch(SpamAssassinCorpus.defaultCacheDir());
        Path file = work.resolve("chaos.jsonl");
        try (Stream<SampleRecord> records = new SpamAssassinAdapter().records(corpus)) {
            long n = SpamAssassinAdapter.writeJsonl(records.filter(new CorpusFraction(size.corpusShare())), file);
            out.println("corpus: " + n + " SpamAssassin messages per dataset version (" + file + ")");
        }
        return file;
    }

    private static URI url(List<ServiceSpec> services, String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst().map(s -> s.readinessUrl().resolve("/"))
                .orElse(null);
    }
}
