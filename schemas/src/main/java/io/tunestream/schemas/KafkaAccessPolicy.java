package io.tunestream.schemas;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may do what on Kafka (DESIGN.md section 5): one table, turned into ACLs by the embedded broker and mirrored by
 * the Strimzi KafkaUsers in {@code k8s/}. A service trusts a topic because of who may write it: only the registry
 * writes {@code models}, {@code deployments} and {@code registry.commands}; only the evaluator writes {@code
 * evaluations} and {@code scoring.results}; only the trainer writes {@code training.*}; only ingest writes {@code
 * datasets.raw}; each data stage writes its own output, {@code datasets.reports} and {@code datasets.index} (ingest
 * too; the stages, the trainer and the evaluator read the index to seek to a version; so does the trainer's recipe
 * trigger, for a dataset naming a recipe it cannot run); each service writes the
 * dead-letter topics of what it reads. Every service and the {@code publisher} read and write {@code schemas}
 * (whoever first writes with a schema publishes it there; a reader checks each entry's fingerprint against its key).
 * The {@code publisher} user writes {@code datasets.ingest}; any authenticated
 * user may write {@code scoring.requests}; {@code cli} reads every topic and writes none. The {@code operator} user
 * (people replaying dead letters with {@code tunestream dlq replay}, never a service) reads the dead-letter topics a
 * service writes and writes their source topics, with its own replay group and transactional id. Nothing else is
 * allowed (the broker denies what no ACL grants); {@value #ADMIN} is the broker's super user.
 */
public final class KafkaAccessPolicy {

    /** The broker's super user: creates topics, users and ACLs; never handed to a service. */
    public static final String ADMIN = "admin";
    /** ingest-service: writes datasets.raw and the catalog. */
    public static final String INGEST = "ingest";
    /** clean-service: writes datasets.clean. */
    public static final String CLEAN = "clean";
    /** split-service: writes datasets.split. */
    public static final String SPLIT = "split";
    /** augment-service: writes datasets.prepared. */
    public static final String AUGMENT = "augment";
    /** trainer-service: the only writer of training.*. */
    public static final String TRAINER = "trainer";
    /** evaluator-service: the only writer of evaluations and scoring.results. */
    public static final String EVALUATOR = "evaluator";
    /** registry-service: the only writer of models, deployments and registry.commands. */
    public static final String REGISTRY = "registry";
    /** Other systems' producers of datasets. */
    public static final String PUBLISHER = "publisher";
    /** The command line's readers: read-only. */
    public static final String CLI = "cli";
    /**
     * People who replay dead letters ({@code tunestream dlq replay}): read the dead-letter topics the services write,
     * write their source topics. Its login goes to operators only (the stack file, a Secret), never to a service.
     */
    public static final String OPERATOR = "operator";
    /** Prefix of the consumer group and transactional id of dead-letter replays (one of each per DLQ topic). */
    public static final String REPLAY_ID_PREFIX = "tunestream-dlq-replay";
    /** An ACL principal that stands for every authenticated user. */
    public static final String EVERYONE = "*";

    /** The base name of the registry's own input log (as the registry names it). */
    public static final String REGISTRY_COMMANDS = Topics.REGISTRY_COMMANDS;

    /** What an ACL allows. */
    public enum Operation { READ, WRITE, CREATE, DELETE, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE, ALL }

    /** What an ACL is about. */
    public enum ResourceType { TOPIC, GROUP, TRANSACTIONAL_ID, CLUSTER }

    /** Whether the name is the resource's full name or a prefix of names. */
    public enum PatternType { LITERAL, PREFIXED }

    /**
     * One allow rule.
     *
     * @param user       the user it applies to, or {@link #EVERYONE}
     * @param type       the kind of resource
     * @param name       the resource name (or prefix); {@code kafka-cluster} for the cluster
     * @param pattern    literal name or prefix
     * @param operations the operations allowed
     */
    public record Grant(String user, ResourceType type, String name, PatternType pattern, Set<Operation> operations) {
        public Grant {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(pattern, "pattern");
            operations = Set.copyOf(operations);
        }
    }

    /**
     * What one user may do.
     *
     * @param user            the SASL user name
     * @param writes          topics it writes (full names)
     * @param reads           topics it reads (full names)
     * @param readPrefixes    topic prefixes it reads (the CLI reads everything under the stack's prefix)
     * @param groups          consumer group id prefixes it uses
     * @param transactionalIds transactional id prefixes of its producers
     * @param internalTopics  prefixes of the internal topics its Kafka Streams application ids create (changelogs,
     *                        repartition topics): all operations on them
     */
    public record Access(String user, List<String> writes, List<String> reads, List<String> readPrefixes,
                         List<String> groups, List<String> transactionalIds, List<String> internalTopics) {
        public Access {
            writes = List.copyOf(writes);
            reads = List.copyOf(reads);
            readPrefixes = List.copyOf(readPrefixes);
            groups = List.copyOf(groups);
            transactionalIds = List.copyOf(transactionalIds);
            internalTopics = List.copyOf(internalTopics);
        }

        /** The ACL rules of this user. */
        public List<Grant> grants() {
            List<Grant> grants = new ArrayList<>();
            writes.forEach(t -> grants.add(topic(user, t, PatternType.LITERAL,
                    Operation.WRITE, Operation.DESCRIBE, Operation.CREATE)));
            reads.forEach(t -> grants.add(topic(user, t, PatternType.LITERAL, Operation.READ, Operation.DESCRIBE)));
            readPrefixes.forEach(t -> grants.add(topic(user, t, PatternType.PREFIXED,
                    Operation.READ, Operation.DESCRIBE, Operation.DESCRIBE_CONFIGS)));
            groups.forEach(g -> grants.add(new Grant(user, ResourceType.GROUP, g, PatternType.PREFIXED,
                    Set.of(Operation.READ, Operation.DESCRIBE))));
            transactionalIds.forEach(t -> grants.add(new Grant(user, ResourceType.TRANSACTIONAL_ID, t,
                    PatternType.PREFIXED, Set.of(Operation.WRITE, Operation.DESCRIBE))));
            internalTopics.forEach(t -> grants.add(topic(user, t, PatternType.PREFIXED, Operation.ALL)));
            if (!writes.isEmpty()) {
                grants.add(new Grant(user, ResourceType.CLUSTER, CLUSTER, PatternType.LITERAL,
                        Set.of(Operation.IDEMPOTENT_WRITE)));
            }
            return grants;
        }
    }

    /** The cluster resource's name in Kafka ACLs. */
    public static final String CLUSTER = "kafka-cluster";

    private KafkaAccessPolicy() {
    }

    /** Every user a tunestream stack logs in with, the super user first. */
    public static List<String> users() {
        return List.of(ADMIN, INGEST, CLEAN, SPLIT, AUGMENT, TRAINER, EVALUATOR, REGISTRY, PUBLISHER, CLI, OPERATOR);
    }

    /** What each non-super user may do, for topics under {@code prefix} (null: {@link Topics#DEFAULT_PREFIX}). */
    public static List<Access> table(String prefix) {
        List<Access> services = serviceTable(prefix);
        List<Access> all = new ArrayList<>(services);
        all.add(operator(services));
        return List.copyOf(all);
    }

    /**
     * The dead-letter topics some service writes (full names), in table order: what {@value #OPERATOR} may read and
     * replay. A DLQ no service writes stays empty, so there is nothing to replay from it.
     */
    public static List<String> replayableDeadLetterTopics(String prefix) {
        return deadLetterTopics(serviceTable(prefix));
    }

    private static List<Access> serviceTable(String prefix) {
        TopicName t = base -> Topics.name(prefix, base);
        return List.of(
                new Access(INGEST, List.of(t.of(Topics.DATASETS_RAW), t.of(Topics.DATASETS_CATALOG),
                        t.of(Topics.DATASETS_REPORTS), t.dlq(Topics.DATASETS_INGEST), t.of(Topics.SCHEMAS),
                        t.of(Topics.DATASETS_INDEX)),
                        List.of(t.of(Topics.DATASETS_INGEST), t.of(Topics.DATASETS_CATALOG), t.of(Topics.SCHEMAS),
                                t.of(Topics.DATASETS_INDEX)),
                        List.of(),
                        List.of("tunestream-ingest"), List.of("tunestream-ingest"), List.of("tunestream-ingest")),
                stage(t, CLEAN, Topics.DATASETS_RAW, Topics.DATASETS_CLEAN),
                stage(t, SPLIT, Topics.DATASETS_CLEAN, Topics.DATASETS_SPLIT),
                stage(t, AUGMENT, Topics.DATASETS_SPLIT, Topics.DATASETS_PREPARED),
                new Access(TRAINER, List.of(t.of(Topics.TRAINING_REQUESTS), t.of(Topics.TRAINING_JOBS),
                        t.of(Topics.TRAINING_METRICS), t.of(Topics.TRAINING_CHECKPOINTS), t.of(Topics.SWEEPS),
                        t.dlq(Topics.TRAINING_REQUESTS), t.dlq(Topics.SWEEPS), t.of(Topics.TRAINING_RECIPES),
                        t.dlq(Topics.TRAINING_RECIPES), t.of(Topics.DATASETS_REPORTS), t.of(Topics.SCHEMAS)),
                        List.of(t.of(Topics.TRAINING_REQUESTS), t.of(Topics.TRAINING_JOBS), t.of(Topics.TRAINING_METRICS),
                                t.of(Topics.TRAINING_CHECKPOINTS), t.of(Topics.SWEEPS), t.of(Topics.DATASETS_PREPARED),
                                t.of(Topics.TRAINING_RECIPES), t.of(Topics.SCHEMAS), t.of(Topics.DATASETS_REPORTS),
                                t.of(Topics.DATASETS_INDEX)),
                        List.of(), List.of("tunestream-trainer"),
                        List.of("tunestream-sweep-controller-", "tunestream-recipe-trigger-"), List.of()),
                new Access(EVALUATOR, List.of(t.of(Topics.EVALUATIONS), t.of(Topics.SCORING_RESULTS),
                        t.dlq(Topics.TRAINING_CHECKPOINTS), t.dlq(Topics.SCORING_REQUESTS), t.of(Topics.SCHEMAS)),
                        List.of(t.of(Topics.TRAINING_CHECKPOINTS), t.of(Topics.TRAINING_METRICS),
                                t.of(Topics.TRAINING_JOBS), t.of(Topics.SWEEPS), t.of(Topics.SCORING_REQUESTS),
                                t.of(Topics.DATASETS_PREPARED), t.of(Topics.MODELS), t.of(Topics.EVALUATIONS),
                                t.of(Topics.SCHEMAS), t.of(Topics.DATASETS_INDEX)), List.of(),
                        List.of("tunestream-evaluator", "tunestream-scoring"), List.of(), List.of()),
                new Access(REGISTRY, List.of(t.of(Topics.MODELS), t.of(Topics.DEPLOYMENTS), t.of(REGISTRY_COMMANDS),
                        t.dlq(Topics.EVALUATIONS), t.dlq(REGISTRY_COMMANDS), t.of(Topics.SCHEMAS)),
                        List.of(t.of(Topics.EVALUATIONS), t.of(REGISTRY_COMMANDS), t.of(Topics.MODELS),
                                t.of(Topics.DATASETS_REPORTS), t.of(Topics.DATASETS_PREPARED), t.of(Topics.SCHEMAS)),
                        List.of(), List.of("tunestream-registry"), List.of("tunestream-registry"),
                        List.of("tunestream-registry")),
                new Access(PUBLISHER, List.of(t.of(Topics.DATASETS_INGEST), t.of(Topics.SCHEMAS)),
                        List.of(t.of(Topics.SCHEMAS)), List.of(),
                        List.of(), List.of(), List.of()),
                new Access(CLI, List.of(), List.of(), List.of(prefix == null ? Topics.DEFAULT_PREFIX : prefix),
                        List.of(), List.of(), List.of()));
    }

    /** The operator reads what the services dead-letter and writes it back to where it came from, nothing else. */
    private static Access operator(List<Access> services) {
        List<String> dlqs = deadLetterTopics(services);
        List<String> sources = dlqs.stream()
                .map(dlq -> dlq.substring(0, dlq.length() - Topics.DLQ_SUFFIX.length())).toList();
        return new Access(OPERATOR, sources, dlqs, List.of(), List.of(REPLAY_ID_PREFIX), List.of(REPLAY_ID_PREFIX),
                List.of());
    }

    private static List<String> deadLetterTopics(List<Access> services) {
        return services.stream().flatMap(a -> a.writes().stream()).filter(w -> w.endsWith(Topics.DLQ_SUFFIX))
                .distinct().toList();
    }

    /** Every ACL rule of the table, plus what every authenticated user may do. */
    public static List<Grant> grants(String prefix) {
        List<Grant> grants = new ArrayList<>();
        table(prefix).forEach(access -> grants.addAll(access.grants()));
        grants.add(topic(EVERYONE, Topics.name(prefix, Topics.SCORING_REQUESTS), PatternType.LITERAL,
                Operation.WRITE, Operation.DESCRIBE));
        grants.add(new Grant(EVERYONE, ResourceType.CLUSTER, CLUSTER, PatternType.LITERAL,
                Set.of(Operation.IDEMPOTENT_WRITE)));
        return grants;
    }

    /** The users allowed to write {@code topic} (full name), {@link #EVERYONE} included; the super user aside. */
    public static Set<String> writers(String prefix, String topic) {
        Set<String> users = new TreeSet<>();
        for (Grant g : grants(prefix)) {
            boolean matches = g.type() == ResourceType.TOPIC && (g.pattern() == PatternType.LITERAL
                    ? g.name().equals(topic) : topic.startsWith(g.name()));
            if (matches && (g.operations().contains(Operation.WRITE) || g.operations().contains(Operation.ALL))) {
                users.add(g.user());
            }
        }
        return users;
    }

    private static Access stage(TopicName t, String user, String input, String output) {
        String appId = "tunestream-" + user;
        return new Access(user, List.of(t.of(output), t.of(Topics.DATASETS_REPORTS), t.dlq(input), t.of(Topics.SCHEMAS),
                t.of(Topics.DATASETS_INDEX)), List.of(t.of(input), t.of(Topics.SCHEMAS), t.of(Topics.DATASETS_INDEX)),
                List.of(), List.of(appId), List.of(appId), List.of(appId));
    }

    private static Grant topic(String user, String name, PatternType pattern, Operation... operations) {
        return new Grant(user, ResourceType.TOPIC, name, pattern, EnumSet.of(operations[0], operations));
    }

    @FunctionalInterface
    private interface TopicName {
        String of(String base);

        default String dlq(String base) {
            return Topics.dlq(of(base));
        }
    }
}
