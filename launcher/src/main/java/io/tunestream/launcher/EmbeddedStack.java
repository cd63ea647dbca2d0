package io.tunestream.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tunestream.kafka.embedded.BrokerProcess;
import io.tunestream.kafka.embedded.BrokerSecurity;
import io.tunestream.kafka.embedded.BrokerSettings;
import io.tunestream.kafka.embedded.KafkaAcls;
import io.tunestream.kafka.embedded.EmbeddedKafkaBroker;
import io.tunestream.kafka.embedded.RunningBroker;
import io.tunestream.kafka.toolkit.TopicProvisioner;
import io.tunestream.kafka.toolkit.TopicSpec;
import io.tunestream.schemas.KafkaAccessPolicy;
import io.tunestream.schemas.KafkaConnection;

/**
 * The whole stack on one machine: a real Kafka broker (child JVM or in-process), the catalog's topics, and the
 * service JVMs, each waited for until its readiness URL answers 200. Closing it (or the JVM shutting down, e.g. on
 * Ctrl-C) stops the services, newest first, then the broker, with their descendant processes.
 */
public final class EmbeddedStack implements AutoCloseable {

    private RunningBroker broker;
    private final List<ServiceProcess> services = new ArrayList<>();
    /** Service processes a restart replaced (killed or stopped), kept for {@link #diagnostics(int)}. */
    private final List<ServiceProcess> replaced = new ArrayList<>();
    private final Map<String, Path> stateDirs = new HashMap<>();
    private final List<StackComponent> components = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "embedded-stack-stop");
    private Set<String> createdTopics = Set.of();
    private boolean closed;

    private EmbeddedStack(RunningBroker broker, BrokerMode mode) {
        this.broker = broker;
        components.add(brokerComponent(mode, broker));
    }

    /** Starts everything {@code settings} describe, reporting progress on {@code out}; stops it all on failure. */
    public static EmbeddedStack start(StackSettings settings, PrintStream out) {
        out.println("starting Kafka broker (" + settings.brokerMode().name().toLowerCase(Locale.ROOT) + ")");
        EmbeddedStack stack = new EmbeddedStack(startBroker(settings), settings.brokerMode());
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        try {
            stack.createTopics(settings.topics(), out);
            stack.startServices(settings, out);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void createTopics(TopicCatalog catalog, PrintStream out) {
        List<TopicSpec> topics = catalog.topics();
        createdTopics = Set.copyOf(TopicProvisioner.ensureTopics(broker.adminConnection(), topics));
        out.println("topics: " + createdTopics.size() + " created, " + (topics.size() - createdTopics.size())
                + " already there");
        if (broker.security().sasl()) {
            KafkaAcls.applyPolicy(broker.adminConnection(), catalog.topicPrefix());
            out.println("kafka: SASL SCRAM-SHA-512, " + KafkaAccessPolicy.grants(catalog.topicPrefix()).size()
                    + " ACL rules, one user per service");
        }
    }

    private void startServices(StackSettings settings, PrintStream out) {
        // All JVMs start at once (a JVM's start is mostly one thread: the machine's other cores start the others),
        // then each is waited for in turn; none waits for another to be ready.
        ReadinessProbe probe = new ReadinessProbe();
        for (ServiceSpec spec : settings.services()) {
            out.println("starting " + spec.name() + " (waiting for " + spec.readinessUrl() + ")");
            services.add(launch(spec, settings.logDir().resolve(spec.name() + ".log")));
        }
        for (ServiceProcess service : List.copyOf(services)) {
            service.awaitReady(probe, settings.readyTimeout());
            ServiceSpec spec = service.spec();
            components.add(new StackComponent(spec.name(), spec.readinessUrl().getAuthority(),
                    service.handle().pid(), "log " + service.logFile()));
        }
    }

    private ServiceProcess launch(ServiceSpec spec, Path logFile) {
        Map<String, String> env = new HashMap<>(serviceEnv(serviceConnection(spec.name())));
        // Kafka Streams state of this stack's run: kept across a restart of the service, never reused by another stack
        env.put("KAFKA_STREAMS_STATE_DIR", stateDirs.computeIfAbsent(spec.name(), EmbeddedStack::newStateDir).toString());
        return ServiceProcess.start(spec, env, logFile);
    }

    private static Path newStateDir(String service) {
        try {
            return Files.createTempDirectory("tunestream-" + service + "-state");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for " + service, e);
        }
    }

    /** Kills a service JVM at once (SIGKILL, as a crashed node), for resilience tests and drills. */
    public synchronized void kill(String name) {
        ServiceProcess service = service(name);
        service.handle().descendants().forEach(ProcessHandle::destroyForcibly);
        service.handle().destroyForcibly();
        service.handle().onExit().join();
    }

    /**
     * Stops a service JVM as a rolling update or a node drain does: SIGTERM, then up to {@code grace} for it to exit
     * by itself; a JVM still running then is killed (SIGKILL).
     *
     * @return whether it exited within the grace period
     */
    public boolean terminate(String name, Duration grace) {
        ProcessHandle handle;
        synchronized (this) {
            handle = service(name).handle();
        }
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
            handle.onExit().join();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + name, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Restarts the broker child JVM in place (same ports, log directory and users): clients and services reconnect
     * to the same address. Needs a {@link BrokerMode#PROCESS} broker started with fixed ports and a kept log
     * directory ({@link BrokerProcess#restartable}).
     */
    public synchronized void restartBroker(Duration readyTimeout) {
        if (!(broker instanceof BrokerProcess process)) {
            throw new IllegalStateException("only a broker child process restarts; this stack runs it in-process");
        }
        broker = process.restart(readyTimeout);
        components.set(0, brokerComponent(BrokerMode.PROCESS, broker));
    }

    /** Starts a (killed or running) service again with the same spec and state directory; waits until it is ready. */
    public synchronized void restart(String name, Duration readyTimeout) {
        ServiceProcess old = service(name);
        old.close();
        ServiceProcess fresh = launch(old.spec(), old.logFile().resolveSibling(name + "-restarted-" + System.currentTimeMillis() + ".log"));
        services.set(services.indexOf(old), fresh);
        replaced.add(old);
        fresh.awaitReady(new ReadinessProbe(), readyTimeout);
    }

    private ServiceProcess service(String name) {
        return services.stream().filter(s -> s.spec().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service named " + name + " in this stack"));
    }

    /**
     * What a failed test or drill needs to see: for every service process this stack started (replaced ones
     * first), whether it still runs or how it exited, and the last {@code lines} lines of its log; then the head of
     * any JVM crash report in the log directories.
     */
    public synchronized String diagnostics(int lines) {
        StringBuilder out = new StringBuilder("stack diagnostics (broker ").append(broker.bootstrapServers()).append(")");
        List<ServiceProcess> all = new ArrayList<>(replaced);
        all.addAll(services);
        Set<Path> logDirs = new LinkedHashSet<>();
        for (ServiceProcess service : all) {
            out.append('\n').append(service.postMortem(lines));
            logDirs.add(service.logFile().toAbsolutePath().getParent());
        }
        for (Path dir : logDirs) {
            try (var files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().contains("hs_err_pid")).sorted().forEach(f -> out
                        .append("\n--- JVM crash report ").append(f).append('\n').append(head(f, 40)));
            } catch (IOException | UncheckedIOException e) {
                out.append("\n(cannot list ").append(dir).append(": ").append(e).append(')');
            }
        }
        return out.toString();
    }

    /** @return whether the named service's JVM runs (false for a name this stack did not start) */
    public synchronized boolean isRunning(String name) {
        return services.stream().anyMatch(s -> s.spec().name().equals(name) && s.handle().isAlive());
    }

    /** How each service that is no longer running ended, with the last {@code lines} lines of its log; empty if all run. */
    public synchronized List<String> exitedServices(int lines) {
        return services.stream().filter(s -> !s.handle().isAlive()).map(s -> s.postMortem(lines)).toList();
    }

    private static String head(Path file, int lines) {
        try (var all = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return String.join("\n", all.limit(lines).toList());
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /**
     * How a service logs in: as the user named like its module ({@code trainer-service} logs in as {@code
     * trainer}); a service the access policy does not know gets no credentials (nothing to do on a SASL broker).
     */
    private KafkaConnection serviceConnection(String serviceName) {
        String user = serviceName.endsWith("-service")
                ? serviceName.substring(0, serviceName.length() - "-service".length()) : serviceName;
        if (!broker.security().sasl() || broker.security().allScramUsers().containsKey(user)) {
            return broker.connection(user);
        }
        return KafkaConnection.plaintext(broker.bootstrapServers());
    }

    /** How {@code user} of {@link KafkaAccessPolicy#users()} connects to this stack's broker. */
    public KafkaConnection kafka(String user) {
        return broker.connection(user);
    }

    /** The read-only user of the stack's own readers (the CLI, the demo's read-back). */
    public KafkaConnection cliConnection() {
        return broker.connection(KafkaAccessPolicy.CLI);
    }

    /** The super user (creates topics and ACLs; never handed to a service). */
    public KafkaConnection adminConnection() {
        return broker.adminConnection();
    }

    /** The topics this start created (topics that already existed are not listed). */
    public Set<String> createdTopics() {
        return createdTopics;
    }

    /** The broker's {@code host:port}. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** What runs where: the broker first, then the services in start order. */
    public List<StackComponent> components() {
        return Collections.unmodifiableList(components);
    }

    /** The components as an aligned text table. */
    public String table() {
        return StackTable.render(components);
    }

    /** The process ids of the child processes this stack started (not this JVM). */
    public List<Long> childPids() {
        List<Long> pids = new ArrayList<>();
        if (broker instanceof BrokerProcess process) {
            pids.add(process.handle().pid());
        }
        services.forEach(s -> pids.add(s.handle().pid()));
        return pids;
    }

    /** Stops the services (newest first) and then the broker. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        broker.close();
        stateDirs.values().forEach(EmbeddedStack::deleteQuietly);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook running
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temp directory left behind is harmless
        }
    }

    private static RunningBroker startBroker(StackSettings settings) {
        BrokerSettings broker = settings.secureKafka()
                ? settings.broker().withSecurity(BrokerSecurity.randomScram(KafkaAccessPolicy.ADMIN, KafkaAccessPolicy.users()))
                : settings.broker();
        return switch (settings.brokerMode()) {
            case PROCESS -> BrokerProcess.start(broker, settings.readyTimeout());
            case IN_PROCESS -> EmbeddedKafkaBroker.start(broker);
        };
    }

    private static StackComponent brokerComponent(BrokerMode mode, RunningBroker broker) {
        long pid = broker instanceof BrokerProcess p ? p.handle().pid() : ProcessHandle.current().pid();
        String detail = mode == BrokerMode.PROCESS ? "Kafka 4.1.2 KRaft, child JVM" : "Kafka 4.1.2 KRaft, in this JVM";
        return new StackComponent("kafka", broker.bootstrapServers(), pid, detail);
    }

    /**
     * What every service needs to find the broker and log in to it (KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL,
     * KAFKA_SASL_MECHANISM, KAFKA_SASL_JAAS_CONFIG, which the services' Kafka Streams settings map too), and no
     * Docker-based dev services.
     */
    static Map<String, String> serviceEnv(KafkaConnection kafka) {
        Map<String, String> env = new HashMap<>(kafka.environment());
        env.put("QUARKUS_KAFKA_STREAMS_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_DEVSERVICES_ENABLED", "false");
        env.put("QUARKUS_KAFKA_DEVSERVICES_ENABLED", "false");
        return env;
    }
}
