package io.tunestream.kafka.embedded;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.tunestream.schemas.KafkaConnection;

/**
 * How the broker's client listener authenticates: PLAINTEXT (anyone, no ACLs: the shared test broker), or SASL
 * SCRAM-SHA-512 on loopback with the StandardAuthorizer (nothing allowed that no ACL grants) and {@code adminUser} as
 * the only super user. The controller listener and the broker's own inter-broker connection log in as the admin with
 * SASL PLAIN (SCRAM credentials live in the metadata log, which the controller must read before it can check them);
 * every user of {@code scramUsers}, and the admin, get SCRAM-SHA-512 credentials each time the broker starts.
 *
 * @param sasl          whether SASL and ACLs are on
 * @param adminUser     the super user (with {@code sasl})
 * @param adminPassword its password (with {@code sasl})
 * @param scramUsers    user to password, the admin excepted
 */
public record BrokerSecurity(boolean sasl, String adminUser, String adminPassword, Map<String, String> scramUsers) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public BrokerSecurity {
        scramUsers = Map.copyOf(scramUsers);
        if (sasl) {
            Objects.requireNonNull(adminUser, "adminUser");
            Objects.requireNonNull(adminPassword, "adminPassword");
            KafkaConnection.scramJaasConfig(adminUser, adminPassword); // refuses quotes in names and passwords
            scramUsers.forEach(KafkaConnection::scramJaasConfig);
        }
    }

    /** No authentication, no authorisation. */
    public static BrokerSecurity plaintext() {
        return new BrokerSecurity(false, null, null, Map.of());
    }

    /** SASL SCRAM-SHA-512 with ACLs; {@code adminUser} is the super user. */
    public static BrokerSecurity scram(String adminUser, String adminPassword, Map<String, String> users) {
        return new BrokerSecurity(true, adminUser, adminPassword, users);
    }

    /**
     * SASL SCRAM with a fresh random password (128 bits, hex) for the admin and each of {@code users}: what one
     * stack's broker runs with.
     */
    public static BrokerSecurity randomScram(String adminUser, Collection<String> users) {
        Map<String, String> passwords = new LinkedHashMap<>();
        users.stream().filter(u -> !u.equals(adminUser)).forEach(u -> passwords.put(u, randomPassword()));
        return scram(adminUser, randomPassword(), passwords);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Every SCRAM user with its password, the admin first. */
    public Map<String, String> allScramUsers() {
        Map<String, String> all = new LinkedHashMap<>();
        if (sasl) {
            all.put(adminUser, adminPassword);
            all.putAll(scramUsers);
        }
        return all;
    }

    /** How {@code user} connects to a broker at {@code bootstrap} (PLAINTEXT when SASL is off). */
    public KafkaConnection connection(String bootstrap, String user) {
        if (!sasl) {
            return KafkaConnection.plaintext(bootstrap);
        }
        String password = allScramUsers().get(user);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka user " + user + " on this broker");
        }
        return KafkaConnection.scram(bootstrap, KafkaConnection.SASL_PLAINTEXT, user, password);
    }

    /** Names the mode and the users; never a password. */
    @Override
    public String toString() {
        return sasl ? "SASL SCRAM-SHA-512, super user " + adminUser + ", users " + scramUsers.keySet() : "PLAINTEXT";
    }
}
