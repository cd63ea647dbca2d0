package io.tunestream.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.tunestream.kafka.embedded.BrokerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tunestream up}: starts a real Kafka broker, creates the stack's topics, starts every service whose runnable
 * jar is built, prints what runs where, and keeps running until Ctrl-C, which stops it all.
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

    @Option(names = "--log-dir", defaultValue = ".tunestream/logs", description = "Where service logs go.")
    Path logDir;

    @Option(names = "--ready-timeout", defaultValue = "120", description = "Seconds to wait for each component.")
    long readyTimeoutSeconds;

    @Option(names = "--stop-when-ready", description = "Stop everything once it is ready (a smoke check).")
    boolean stopWhenReady;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        List<ServiceSpec> services = noServices ? List.of() : StackServices.discover(projectDir, out::println);
        EmbeddedStack stack = EmbeddedStack.start(settings(services), out);
        out.println();
        out.print(stack.table());
        out.println();
        out.println("KAFKA_BOOTSTRAP_SERVERS=" + stack.bootstrapServers());
        if (stopWhenReady) {
            stack.close();
            out.println("stopped");
            return 0;
        }
        out.println("running; Ctrl-C stops the services and the broker");
        new CountDownLatch(1).await(); // the shutdown hook of EmbeddedStack stops everything on Ctrl-C
        return 0;
    }

    StackSettings settings(List<ServiceSpec> services) {
        BrokerSettings broker = new BrokerSettings(kafkaPort, 0, null, kafkaProperties);
        return new StackSettings(inProcess ? BrokerMode.IN_PROCESS : BrokerMode.PROCESS, broker,
                new StackTopics(topicPrefix, partitions), services, logDir, Duration.ofSeconds(readyTimeoutSeconds));
    }
}
