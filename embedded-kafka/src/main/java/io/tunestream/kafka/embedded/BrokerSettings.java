package io.tunestream.kafka.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a one-node KRaft broker.
 *
 * @param port            the PLAINTEXT client port on 127.0.0.1; 0 picks a free port
 * @param controllerPort  the CONTROLLER port on 127.0.0.1; 0 picks a free port
 * @param logDir          the log (and metadata) directory; {@code null} means a unique temporary directory that is
 *                        deleted when the broker closes (a given directory is kept)
 * @param extraProperties broker properties that override the defaults, e.g. {@code message.max.bytes}
 * @param security        PLAINTEXT, or SASL SCRAM with ACLs
 */
public record BrokerSettings(int port, int controllerPort, Path logDir, Map<String, String> extraProperties,
                             BrokerSecurity security) {

    public BrokerSettings {
        if (port < 0 || controllerPort < 0) {
            throw new IllegalArgumentException("ports must be >= 0 (0 = free port)");
        }
        extraProperties = Map.copyOf(Objects.requireNonNull(extraProperties, "extraProperties"));
        Objects.requireNonNull(security, "security");
    }

    /** A PLAINTEXT broker. */
    public BrokerSettings(int port, int controllerPort, Path logDir, Map<String, String> extraProperties) {
        this(port, controllerPort, logDir, extraProperties, BrokerSecurity.plaintext());
    }

    /** Free ports, a temporary log directory, no extra properties. */
    public static BrokerSettings defaults() {
        return new BrokerSettings(0, 0, null, Map.of());
    }

    /** A copy with the given client port (0 = free). */
    public BrokerSettings withPort(int newPort) {
        return new BrokerSettings(newPort, controllerPort, logDir, extraProperties, security);
    }

    /** A copy with the given controller port (0 = free). */
    public BrokerSettings withControllerPort(int newPort) {
        return new BrokerSettings(port, newPort, logDir, extraProperties, security);
    }

    /** A copy that keeps its data in {@code dir} (not deleted on close). */
    public BrokerSettings withLogDir(Path dir) {
        return new BrokerSettings(port, controllerPort, dir, extraProperties, security);
    }

    /** A copy with other listener security. */
    public BrokerSettings withSecurity(BrokerSecurity newSecurity) {
        return new BrokerSettings(port, controllerPort, logDir, extraProperties, newSecurity);
    }

    /** A copy with one more broker property (overrides a default of the same name). */
    public BrokerSettings withProperty(String name, String value) {
        Map<String, String> merged = new LinkedHashMap<>(extraProperties);
        merged.put(name, value);
        return new BrokerSettings(port, controllerPort, logDir, merged, security);
    }
}
