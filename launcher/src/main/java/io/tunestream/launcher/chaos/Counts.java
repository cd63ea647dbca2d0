package io.tunestream.launcher.chaos;

/**
 * What a fault's work amounted to: records (or jobs, evaluations, registrations) in, out, dropped with a reason and
 * dead-lettered. Accounting holds when {@code in = out + dropped + deadLettered}; {@code generated} records (augment's
 * copies) are part of {@code out} but came from no input.
 */
public record Counts(long in, long out, long generated, long dropped, long deadLettered) {

    /** No work seen. */
    public static final Counts NONE = new Counts(0, 0, 0, 0, 0);

    /** Whether every input is accounted for. */
    public boolean balanced() {
        return in == out - generated + dropped + deadLettered;
    }

    /** The sum of two counts (several stages' or several reports' work). */
    public Counts plus(Counts other) {
        return new Counts(in + other.in, out + other.out, generated + other.generated, dropped + other.dropped,
                deadLettered + other.deadLettered);
    }
}
