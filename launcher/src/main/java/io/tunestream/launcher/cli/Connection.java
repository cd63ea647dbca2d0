package io.tunestream.launcher.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.tunestream.schemas.KafkaConnection;
import io.tunestream.schemas.Topics;
import picocli.CommandLine.Option;

/**
 * Where the stack is and how to authenticate: the options every command shares. An explicit option wins; otherwise
 * the stack file that {@code tunestream up} wrote; otherwise the command fails saying how to start a stack or point
 * at a cluster. The bearer token: {@code --token}, else {@code $TUNESTREAM_TOKEN}, else the stack file's token of the
 * role each call needs ({@link ApiCredentials}).
 */
public final class Connection {

    @Option(names = "--stack-file", defaultValue = StackFile.DEFAULT_PATH, paramLabel = "PATH",
            description = "Stack file written by `tunestream up` (default: ${DEFAULT-VALUE}).")
    Path stackFile;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers of any cluster.")
    String bootstrap;

    @Option(names = "--ingest-url", paramLabel = "URL", description = "Base URL of ingest-service.")
    URI ingestUrl;

    @Option(names = "--trainer-url", paramLabel = "URL", description = "Base URL of trainer-service.")
    URI trainerUrl;

    @Option(names = "--evaluator-url", paramLabel = "URL", description = "Base URL of evaluator-service.")
    URI evaluatorUrl;

    @Option(names = "--registry-url", paramLabel = "URL", description = "Base URL of registry-service.")
    URI registryUrl;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "API bearer token for every call (default: $TUNESTREAM_TOKEN, else the stack file's tokens).")
    String token;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX",
            description = "Topic name prefix (default: the stack's, else " + Topics.DEFAULT_PREFIX + ").")
    String topicPrefix;

    private Optional<StackFile> stack;
    private KafkaConnection kafka;
    private StackTokens stackTokens;

    /**
     * A connection to a stack this process runs (the demo), without a stack file.
     *
     * @param kafka Kafka bootstrap servers and login (the stack's read-only user)
     * @param serviceUrls base URL per service module name (e.g. {@code trainer-service})
     * @param tokens the stack's API tokens
     * @return the connection
     */
    public static Connection of(KafkaConnection kafka, Map<String, String> serviceUrls, StackTokens tokens) {
        Connection c = of(kafka.bootstrapServers(), serviceUrls, tokens);
        c.kafka = kafka;
        return c;
    }

    /**
     * A connection to a stack this process runs (the demo), without a stack file.
     *
     * @param bootstrap Kafka bootstrap servers
     * @param serviceUrls base URL per service module name (e.g. {@code trainer-service})
     * @param tokens the stack's API tokens
     * @return the connection
     */
    public static Connection of(String bootstrap, Map<String, String> serviceUrls, StackTokens tokens) {
        Connection c = new Connection();
        c.bootstrap = bootstrap;
        c.ingestUrl = url(serviceUrls, Service.INGEST);
        c.trainerUrl = url(serviceUrls, Service.TRAINER);
        c.evaluatorUrl = url(serviceUrls, Service.EVALUATOR);
        c.registryUrl = url(serviceUrls, Service.REGISTRY);
        c.stack = Optional.empty();
        c.stackTokens = tokens;
        return c;
    }

    private static URI url(Map<String, String> urls, Service service) {
        String url = urls.get(service.module());
        return url == null ? null : URI.create(url);
    }

    /** The Kafka bootstrap servers. */
    public String bootstrap() {
        if (bootstrap != null) {
            return bootstrap;
        }
        return runningStack("--bootstrap").bootstrapServers();
    }

    /**
     * How to reach Kafka: with {@code --bootstrap}, those brokers and the login of the environment
     * (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_JAAS_CONFIG, KAFKA_SSL_*); otherwise the running
     * stack's brokers and its read-only user from the stack file.
     */
    public KafkaConnection kafka() {
        if (kafka != null) {
            return kafka;
        }
        if (bootstrap != null) {
            return KafkaConnection.fromEnvironment(bootstrap, System.getenv());
        }
        StackFile file = runningStack("--bootstrap");
        return new KafkaConnection(file.bootstrapServers(), file.kafkaSecurity());
    }

    /**
     * How the {@code operator} user reaches Kafka, for {@code tunestream dlq replay} only (it writes the topics dead
     * letters came from): with {@code --bootstrap}, the login of the environment (the operator's KAFKA_SASL_JAAS_CONFIG,
     * ...); otherwise the stack file's {@code operatorKafkaSecurity}.
     */
    public KafkaConnection operatorKafka() {
        if (bootstrap != null) {
            return KafkaConnection.fromEnvironment(bootstrap, System.getenv());
        }
        StackFile file = runningStack("--bootstrap");
        if (file.operatorKafkaSecurity().isEmpty() && !file.kafkaSecurity().isEmpty()) {
            throw new CliException("the stack file " + stackFile + " holds no operator login (written by an older "
                    + "launcher): restart the stack with `tunestream up`, or pass --bootstrap with the operator's "
                    + "KAFKA_SASL_JAAS_CONFIG");
        }
        return new KafkaConnection(file.bootstrapServers(), file.operatorKafkaSecurity());
    }

    /** The topic prefix in force: {@code --topic-prefix}, else the stack's, else the default. */
    public String topicPrefix() {
        return topicPrefix != null ? topicPrefix : stack().map(StackFile::topicPrefix).orElse(Topics.DEFAULT_PREFIX);
    }

    /** The full name of a base topic ({@link Topics}) under the prefix in force. */
    public String topic(String base) {
        String prefix = topicPrefix != null ? topicPrefix
                : stack().map(StackFile::topicPrefix).orElse(Topics.DEFAULT_PREFIX);
        return Topics.name(prefix, base);
    }

    /** An HTTP client of {@code service}, at its explicit URL or the stack's. */
    ServiceClient client(Service service) {
        URI explicit = switch (service) {
            case INGEST -> ingestUrl;
            case TRAINER -> trainerUrl;
            case EVALUATOR -> evaluatorUrl;
            case REGISTRY -> registryUrl;
        };
        if (explicit != null) {
            return new ServiceClient(service, explicit, credentials());
        }
        String url = runningStack(service.option()).services().get(service.module());
        if (url == null) {
            throw new CliException(service.module() + " is not part of the running stack (was its jar built?): "
                    + "build it and restart `tunestream up`, or pass " + service.option());
        }
        return new ServiceClient(service, URI.create(url), credentials());
    }

    /**
     * The token to send: {@code --token}, else {@code $TUNESTREAM_TOKEN}, else the stack file's per role. A stack
     * this process runs ({@link #of}) uses its own tokens only.
     */
    ApiCredentials credentials() {
        if (stackTokens != null) {
            return ApiCredentials.resolve(null, null, stackTokens);
        }
        StackTokens tokens = stack().map(StackFile::stackTokens).orElseGet(() -> new StackTokens(Map.of()));
        return ApiCredentials.resolve(token, System.getenv(ApiCredentials.ENV), tokens);
    }

    private StackFile runningStack(String option) {
        StackFile file = stack().orElseThrow(() -> new CliException("no stack running: start one with `tunestream up` "
                + "or pass --bootstrap/--xxx-url (here: " + option + "); no stack file at " + stackFile));
        if (!file.alive()) {
            throw new CliException("the stack in " + stackFile + " is not running any more (pid " + file.pid()
                    + " has exited): start one with `tunestream up` or pass " + option);
        }
        return file;
    }

    private Optional<StackFile> stack() {
        if (stack == null) {
            stack = StackFile.read(stackFile);
        }
        return stack;
    }
}
