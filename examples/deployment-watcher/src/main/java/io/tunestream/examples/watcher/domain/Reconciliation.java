package io.tunestream.examples.watcher.domain;

import java.util.Optional;

/**
 * What to do with the object of an alias when an event for it arrives, decided from the event and what the object
 * records about the event that last wrote it. Pure: the same inputs always give the same answer, so a replayed
 * event changes nothing and an older event never overwrites a newer one.
 */
public enum Reconciliation {
    /** No object yet: create it. */
    CREATE,
    /** The event is newer than the one the object records: write the new state. */
    UPDATE,
    /** The object was written by this very event (a replay or a redelivery): nothing to do. */
    ALREADY_APPLIED,
    /** The object records a newer event: this one is out of date and must not roll the object back. */
    STALE;

    /** Whether the object is written. */
    public boolean writes() {
        return this == CREATE || this == UPDATE;
    }

    /**
     * Decides for an event at {@code desired}.
     *
     * @param exists  whether the alias' object exists
     * @param applied the event the object records (empty when it does not exist, or its record is missing or
     *                damaged: then the event's state is written over it)
     */
    public static Reconciliation decide(AliasState desired, boolean exists, Optional<AppliedEvent> applied) {
        if (!exists) {
            return CREATE;
        }
        if (applied.isEmpty()) {
            return UPDATE;
        }
        AppliedEvent current = applied.get();
        if (current.eventId().equals(desired.eventId())) {
            return ALREADY_APPLIED;
        }
        return desired.position().isAfter(current.position()) ? UPDATE : STALE;
    }

    /**
     * The event an existing object records as the last one applied to it.
     *
     * @param eventId  its id
     * @param position its position in the log
     */
    public record AppliedEvent(String eventId, EventPosition position) {
    }
}
