package io.tunestream.launcher.cli;

import io.tunestream.launcher.dlq.domain.DeadLetter;
import io.tunestream.launcher.dlq.domain.DeadLetterSummary;
import io.tunestream.launcher.dlq.domain.ReplayOutcome;

/** What {@code tunestream dlq list} and {@code dlq replay} print for people. */
final class DeadLetterListing {

    private static final int DETAIL_WIDTH = 60;

    private DeadLetterListing() {
    }

    /** The dead letters by reason: a count line per reason, then a table of its dead letters. */
    static String render(DeadLetterSummary summary) {
        if (summary.total() == 0) {
            return summary.topic() + ": no dead letters\n";
        }
        StringBuilder out = new StringBuilder(summary.topic() + ": " + summary.total() + " dead letter"
                + (summary.total() == 1 ? "" : "s") + ", " + summary.groups().size() + " reason"
                + (summary.groups().size() == 1 ? "" : "s") + "\n");
        for (DeadLetterSummary.ReasonGroup group : summary.groups()) {
            out.append('\n').append(group.reason()).append(": ").append(group.letters().size()).append('\n');
            TextTable table = new TextTable("  OFFSET", "SOURCE", "STAGE", "ERROR", "ATTEMPTS", "REPLAYS", "KEY",
                    "DETAIL");
            for (DeadLetter l : group.letters()) {
                table.row("  " + l.dlqPartition() + "@" + l.dlqOffset(), l.sourceText(), l.stage(), l.errorClass(),
                        l.attempts(), l.replays(), l.keyText(), shorten(l.detail()));
            }
            out.append(table.render());
        }
        return out.toString();
    }

    /** What a replay did: per source topic, then what it skipped. */
    static String render(ReplayOutcome outcome, String reason) {
        String verb = outcome.dryRun() ? "would replay" : "replayed";
        StringBuilder out = new StringBuilder(outcome.dlq() + ": " + verb + " " + outcome.replayedTotal() + " of "
                + outcome.read() + " dead letter" + (outcome.read() == 1 ? "" : "s")
                + (reason == null ? "" : " (reason " + reason + ")") + (outcome.dryRun() ? " (dry run: nothing written)" : "")
                + "\n");
        outcome.replayed().forEach((topic, n) -> out.append("  ").append(topic).append(": ").append(n).append('\n'));
        if (outcome.alreadyReplayed() > 0) {
            out.append("  already replayed before: ").append(outcome.alreadyReplayed()).append('\n');
        }
        if (outcome.notSelected() > 0) {
            out.append("  other reasons, left for a later replay: ").append(outcome.notSelected()).append('\n');
        }
        if (outcome.replayedTotal() == 0) {
            out.append("  nothing new to replay\n");
        }
        return out.toString();
    }

    private static String shorten(String detail) {
        if (detail == null) {
            return null;
        }
        String line = detail.replace('\n', ' ');
        return line.length() <= DETAIL_WIDTH ? line : line.substring(0, DETAIL_WIDTH - 3) + "...";
    }
}
