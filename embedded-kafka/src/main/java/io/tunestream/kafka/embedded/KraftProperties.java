package io.tunestream.kafka.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The broker configuration of a combined broker+controller single node: everything a one-node cluster needs for
 * transactions and read_committed (replication factors and min ISR of 1), and no group rebalance delay.
 */
final class KraftProperties {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private KraftProperties() {
    }

    static Properties of(int port, int controllerPort, Path logDir, BrokerSecurity security,
                         Map<String, String> overrides) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        String client = security.sasl() ? "SASL_PLAINTEXT" : "PLAINTEXT";
        p.put("listeners", client + "://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", client + "://127.0.0.1:" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", client);
        p.put("listener.security.protocol.map", client + ":" + client + "," + CONTROLLER_LISTENER + ":" + client);
        if (security.sasl()) {
            p.putAll(sasl(security));
        }
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Internal topics: one replica, and few partitions, so that the first group or transaction is quick.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.putAll(overrides);
        return p;
    }

    /**
     * SCRAM-SHA-512 for clients; PLAIN (one static user, the admin) for the controller listener and the broker's own
     * connections, which must log in before the metadata log (holding the SCRAM credentials) is read; the
     * StandardAuthorizer with the admin as the only super user and no access where no ACL grants it.
     */
    private static Map<String, String> sasl(BrokerSecurity security) {
        String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + security.adminUser()
                + "\" password=\"" + security.adminPassword() + "\" user_" + security.adminUser() + "=\""
                + security.adminPassword() + "\";";
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN");
        p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.sasl_plaintext.sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN");
        p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", plain);
        p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.controller.plain.sasl.jaas.config", plain);
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + security.adminUser());
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }
}
