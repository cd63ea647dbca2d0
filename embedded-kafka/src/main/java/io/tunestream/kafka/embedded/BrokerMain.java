package io.tunestream.kafka.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedKafkaBroker} as a process of its own: {@code java -cp ... io.tunestream.kafka.embedded.BrokerMain
 * [--port N] [--controller-port N] [--log-dir DIR] [--property name=value]...}. Prints {@value #READY_PREFIX}host:port
 * on standard output once clients can connect, and stops on SIGTERM or when its standard input closes (so a
 * parent that dies, even killed, takes its broker with it). SASL and its users come from the environment
 * ({@value #ADMIN_USER_ENV}, {@value #ADMIN_PASSWORD_ENV}, {@value #SCRAM_USERS_ENV}), never from the command line.
 */
public final class BrokerMain {

    /** The line prefix announcing readiness; the address follows it. */
    public static final String READY_PREFIX = "TUNESTREAM_KAFKA_READY bootstrap=";

    private BrokerMain() {
    }

    /** Environment variable with the super user's name; with it the broker runs SASL SCRAM with ACLs. */
    static final String ADMIN_USER_ENV = "TUNESTREAM_KAFKA_ADMIN_USER";
    /** Environment variable with the super user's password. */
    static final String ADMIN_PASSWORD_ENV = "TUNESTREAM_KAFKA_ADMIN_PASSWORD";
    /** Environment variable with the other SCRAM users, one {@code user=password} per line. */
    static final String SCRAM_USERS_ENV = "TUNESTREAM_KAFKA_SCRAM_USERS";

    public static void main(String[] args) throws InterruptedException {
        BrokerSettings settings = parse(args).withSecurity(security(System.getenv()));
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println(READY_PREFIX + broker.bootstrapServers());
        System.out.flush();
        boolean watchStdin = !Boolean.getBoolean("tunestream.kafka.ignoreStdin");
        if (watchStdin) {
            drainUntilClosed(System.in);
            System.exit(0);
        }
        stopped.await();
    }

    /** What {@link #security(Map)} reads back: the environment handing {@code security} to a child broker. */
    static Map<String, String> securityEnvironment(BrokerSecurity security) {
        if (!security.sasl()) {
            return Map.of();
        }
        StringBuilder users = new StringBuilder();
        security.scramUsers().forEach((user, password) -> users.append(user).append('=').append(password).append('\n'));
        return Map.of(ADMIN_USER_ENV, security.adminUser(), ADMIN_PASSWORD_ENV, security.adminPassword(),
                SCRAM_USERS_ENV, users.toString());
    }

    /** The listener security named by the environment: SASL when {@value #ADMIN_USER_ENV} is set, else PLAINTEXT. */
    static BrokerSecurity security(Map<String, String> environment) {
        String admin = environment.get(ADMIN_USER_ENV);
        if (admin == null || admin.isBlank()) {
            return BrokerSecurity.plaintext();
        }
        Map<String, String> users = new LinkedHashMap<>();
        environment.getOrDefault(SCRAM_USERS_ENV, "").lines().filter(l -> l.indexOf('=') > 0)
                .forEach(l -> users.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return BrokerSecurity.scram(admin, environment.get(ADMIN_PASSWORD_ENV), users);
    }

    static BrokerSettings parse(String[] args) {
        BrokerSettings settings = BrokerSettings.defaults();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> settings = settings.withPort(Integer.parseInt(required(args[i], value)));
                case "--controller-port" -> settings = settings.withControllerPort(Integer.parseInt(required(args[i], value)));
                case "--log-dir" -> settings = settings.withLogDir(Path.of(required(args[i], value)));
                case "--property" -> settings = withProperty(settings, required(args[i], value));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        return settings;
    }

    private static BrokerSettings withProperty(BrokerSettings settings, String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--property expects name=value, got " + assignment);
        }
        return settings.withProperty(assignment.substring(0, eq), assignment.substring(eq + 1));
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static void drainUntilClosed(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // keep reading: end of stream means the parent is gone
            }
        } catch (IOException e) {
            // a broken pipe means the same as end of stream
        }
    }
}
