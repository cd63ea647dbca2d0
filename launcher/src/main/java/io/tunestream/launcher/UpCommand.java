package io.tunestream.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.launcher.cli.StackFile;
import io.tunestream.launcher.cli.StackTokens;
import io.tunestream.launcher.cli.UserFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tunestream up}: starts a real Kafka broker, creates the stack's topics, starts every service whose runnable
 * jar is built, prints what runs where, and keeps running until Ctrl-C (or {@code tunestream down}), which stops it
 * all. While it runs, a stack file tells the other commands where the broker and the services are.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the embedded stack: Kafka broker, topics, and the built services; Ctrl-C stops it.")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--in-process", description = "Run the broker inside this JVM instead of a child JVM.")
    boolean inProcess;

    @Option(names = "--kafka-port", defaultValue = "0", description = "Broker client port; 0 picks a free one.")
    int kafkaPort;

    @Option(names = "--kafka-property", description = "Extra broker property, e.g. message.max.bytes=4194304.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--topic-prefix", defaultValue = StackTopics.DEFAULT_PREFIX, description = "Topic name prefix.")
    String topicPrefix;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of each pipeline topic.")
    int partitions;

    @Option(names = "--project-dir", defaultValue = ".", description = "Where the service modules are built.")
    Path projectDir;

    @Option(names = "--no-services", description = "Start only the broker and the topics.")
    boolean noServices;

    @Option(names = "--work-dir", defaultValue = ".tunestream",
            description = "The broker's data and the services' artifacts, kept across restarts (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--models-root", paramLabel = "DIR", description = "A directory of Hugging Face model directories "
            + "the trainer and evaluator may load base models from (repeatable; <work-dir>/models always is one); "
            + "then `train --base-model DIR/<model>`.")
    List<Path> modelRoots = new ArrayList<>();

    @Option(names = "--fresh", description = "Start over: delete the broker's data and the stored models first.")
    boolean fresh;

    @Option(names = "--log-dir", defaultValue = ".tunestream/logs", description = "Where service logs go.")
    Path logDir;

    @Option(names = "--ready-timeout", defaultValue = "120", description = "Seconds to wait for each component.")
    long readyTimeoutSeconds;

    @Option(names = "--stop-when-ready", description = "Stop everything once it is ready (a smoke check).")
    boolean stopWhenReady;

    @Option(names = {"-d", "--detach"}, description = "Run the stack in the background: return once it is ready "
            + "(its output goes to <log-dir>/up.log); `tunestream down` stops it.")
    boolean detach;

    @Spec
    CommandSpec spec;

    @Option(names = "--log-json", description = "Services log one JSON object per line (sets TUNESTREAM_LOG_JSON=true "
            + "for each; the variable set in this shell works too).")
    boolean logJson;

    @Option(names = "--schema-registry", description = "Registry mode: start Apicurio Registry (child JVM), register "
            + "every event schema under BACKWARD compatibility, and have every service write the Confluent wire format "
            + "(magic byte + schema id) through it. Default: Avro single-object encoding, no registry.")
    boolean schemaRegistry;

    @Option(names = "--stack-file", defaultValue = StackFile.DEFAULT_PATH, paramLabel = "PATH",
            description = "Where to record the running stack for the other commands (default: ${DEFAULT-VALUE}).")
    Path stackFile;

    @Override
    public Integer call() throws InterruptedException, IOException {
        PrintStream out = System.out;
        var running = StackFile.read(stackFile).filter(StackFile::alive);
        if (running.isPresent()) {
            System.err.println("error: a stack is already running (pid " + running.get().pid() + ", " + stackFile
                    + "): stop it with `tunestream down`");
            return 1;
        }
        if (detach) {
            List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
            if (!args.isEmpty() && args.get(0).equals("up")) {
                args.remove(0);
            }
            args.removeIf(a -> a.equals("--detach") || a.equals("-d"));
            return DetachedUp.start(args, logDir.resolve("up.log"), Duration.ofSeconds(readyTimeoutSeconds * 4), out);
        }
        if (fresh) {
            StackWorkDir.forget(workDir);
            out.println("--fresh: forgot earlier runs under " + workDir);
        }
        // Fresh API tokens per stack, kept only in the stack file (owner-readable): the CLI reads them there.
        StackTokens tokens = StackTokens.generate();
        List<ServiceSpec> services = noServices ? List.of() : StackServices.discover(projectDir, StackServices.MODULES,
                workDir, tokens, modelRoots.stream().map(UserFiles::resolve).toList(), out::println);
        services = withLogFormat(services, logJson);
        StackSchemaRegistry registry = null;
        if (schemaRegistry) {
            registry = StackSchemaRegistry.start(projectDir, workDir, logDir, Duration.ofSeconds(readyTimeoutSeconds), out);
            services = registry.pointAt(services);
            registry.useInThisProcess();
        }
        EmbeddedStack stack;
        try {
            stack = EmbeddedStack.start(settings(services), out);
        } catch (RuntimeException e) {
            if (registry != null) {
                registry.close();
            }
            throw e;
        }
        out.println();
        out.print(stack.table());
        out.println();
        out.println("KAFKA_BOOTSTRAP_SERVERS=" + stack.bootstrapServers());
        if (stack.cliConnection().authenticated()) {
            out.println("Kafka: SASL SCRAM-SHA-512, one user per service; the read-only user "
                    + stack.cliConnection().user().orElse("cli") + " is in " + stackFile + " (kafkaSecurity)");
        }
        if (registry != null) {
            // other commands (own JVMs) read the topics in the same wire format when these are set
            registry.serdeSettings().environment().forEach((k, v) -> out.println(k + "=" + v));
        }
        StackWorkDir.record(stack, topicPrefix, tokens, stackFile);
        if (stopWhenReady) {
            stack.close();
            if (registry != null) {
                registry.close();
            }
            Files.deleteIfExists(stackFile);
            out.println("stopped");
            return 0;
        }
        out.println("running; Ctrl-C stops the services and the broker");
        new CountDownLatch(1).await(); // the shutdown hook of EmbeddedStack stops everything on Ctrl-C
        return 0;
    }

    /** @return the services, each told to log JSON lines when {@code json} (TUNESTREAM_LOG_JSON=true) */
    static List<ServiceSpec> withLogFormat(List<ServiceSpec> services, boolean json) {
        return json ? services.stream().map(s -> s.withEnv(Map.of("TUNESTREAM_LOG_JSON", "true"))).toList() : services;
    }

    StackSettings settings(List<ServiceSpec> services) {
        // The broker's data lives under the work directory: what was published, trained and registered survives `down`.
        BrokerSettings broker = new BrokerSettings(kafkaPort, 0, StackWorkDir.brokerData(workDir), kafkaProperties);
        return new StackSettings(inProcess ? BrokerMode.IN_PROCESS : BrokerMode.PROCESS, broker,
                new StackTopics(topicPrefix, partitions), services, logDir, Duration.ofSeconds(readyTimeoutSeconds));
    }
}
