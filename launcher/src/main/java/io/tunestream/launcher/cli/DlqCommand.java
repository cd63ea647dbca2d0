package io.tunestream.launcher.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tunestream.launcher.dlq.domain.DeadLetter;
import io.tunestream.launcher.dlq.domain.DeadLetterSummary;
import io.tunestream.launcher.dlq.domain.DeadLetterTopics;
import io.tunestream.launcher.dlq.domain.ReplayOutcome;
import io.tunestream.launcher.dlq.messaging.DeadLetterReader;
import io.tunestream.launcher.dlq.messaging.DeadLetterReplayer;
import io.tunestream.schemas.KafkaAccessPolicy;
import java.util.List;
import org.apache.kafka.common.errors.AuthorizationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tunestream dlq list|replay TOPIC}: what a dead-letter topic holds, grouped by reason, and the re-publishing
 * of its dead letters to their source topic after a fix, each exactly once. {@code list} reads as the read-only
 * {@code cli} user; {@code replay} logs in as the {@code operator} user, the only one allowed to write the topics dead
 * letters came from.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"Dead-letter topics (<topic>.dlq): list their dead letters, replay them after a fix.",
                "TOPIC: the DLQ's name without the stack's prefix, e.g. datasets.raw.dlq."},
        subcommands = {DlqCommand.ListDeadLetters.class, DlqCommand.Replay.class})
public final class DlqCommand extends CliCommand {

    @Override
    int execute() {
        spec.commandLine().usage(out());
        return 0;
    }

    /** The full name of the DLQ a person named, or a usage error listing the valid ones. */
    static String dlq(String name, Connection connection) {
        try {
            return DeadLetterTopics.resolve(name, connection.topicPrefix());
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), CliException.USAGE);
        }
    }

    /** {@code dlq list TOPIC}: dead letters grouped by reason. */
    @Command(name = "list", aliases = "show", mixinStandardHelpOptions = true,
            description = {"The dead letters of a DLQ grouped by reason (most frequent first) with counts, and for each "
                    + "its DLQ offset, source topic-partition@offset, stage, error class, attempts, earlier replays "
                    + "and key.", "-o json: one JSON object per dead letter."})
    static final class ListDeadLetters extends CliCommand {

        @Parameters(index = "0", paramLabel = "TOPIC", description = "The DLQ, e.g. datasets.raw.dlq.")
        String topic;

        @Mixin
        Connection connection;

        @Mixin
        OutputFormat output;

        @Override
        int execute() {
            String dlq = dlq(topic, connection);
            DeadLetterSummary summary;
            try (DeadLetterReader reader = new DeadLetterReader(connection.kafka())) {
                summary = DeadLetterSummary.of(dlq, reader.readAll(dlq));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CliException(e.getMessage());
            }
            if (output.json()) {
                summary.groups().forEach(g -> g.letters().forEach(l -> OutputFormat.line(out(), json(dlq, l))));
            } else {
                out().print(DeadLetterListing.render(summary));
            }
            return 0;
        }

        private static ObjectNode json(String dlq, DeadLetter l) {
            return OutputFormat.object().put("dlq", dlq).put("partition", l.dlqPartition()).put("offset", l.dlqOffset())
                    .put("reason", l.reason()).put("detail", l.detail()).put("stage", l.stage())
                    .put("errorClass", l.errorClass()).put("sourceTopic", l.sourceTopic())
                    .put("sourcePartition", l.sourcePartition()).put("sourceOffset", l.sourceOffset())
                    .put("attempts", l.attempts()).put("replays", l.replays()).put("key", l.keyText());
        }
    }

    /** {@code dlq replay TOPIC}: re-publish dead letters to their source topic, exactly once. */
    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Re-publish the dead letters of a DLQ to the topic they came from (original key and value "
                    + "bytes and headers, plus tunestream.replay.count and tunestream.replay.from), each exactly once: "
                    + "a second replay re-publishes nothing, a replay that crashed resumes. Prints how many were "
                    + "replayed per source topic.",
                    "Logs in as the stack's operator user (the stack file), or with --bootstrap as the login of "
                            + "KAFKA_SASL_JAAS_CONFIG etc."})
    static final class Replay extends CliCommand {

        @Parameters(index = "0", paramLabel = "TOPIC", description = "The DLQ, e.g. datasets.raw.dlq.")
        String topic;

        @Option(names = "--reason", paramLabel = "REASON",
                description = "Replay only the dead letters of this reason (see `dlq list`); the others stay for later.")
        String reason;

        @Option(names = "--dry-run", description = "Count what would be replayed; write nothing.")
        boolean dryRun;

        @Mixin
        Connection connection;

        @Override
        int execute() {
            String dlq = dlq(topic, connection);
            List<String> replayable = KafkaAccessPolicy.replayableDeadLetterTopics(connection.topicPrefix());
            if (!replayable.contains(dlq)) {
                throw new CliException("no service dead-letters to " + dlq + ", so there is nothing to replay and the "
                        + "operator may not read it. Replayable: " + String.join(", ", replayable), CliException.USAGE);
            }
            ReplayOutcome outcome;
            try (DeadLetterReplayer replayer = new DeadLetterReplayer(connection.operatorKafka(), dlq)) {
                outcome = replayer.replay(reason, dryRun);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CliException(e.getMessage());
            } catch (AuthorizationException e) {
                throw new CliException("the Kafka login in use may not replay " + dlq + " (" + e.getMessage() + "): "
                        + "replay needs the operator user's login (the stack file's operatorKafkaSecurity, or "
                        + "KAFKA_SASL_JAAS_CONFIG with --bootstrap)");
            }
            out().print(DeadLetterListing.render(outcome, reason));
            return 0;
        }
    }
}
