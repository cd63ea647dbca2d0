package io.tunestream.stage;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.schemas.DatasetEvents;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.serde.EventDecodingException;
import io.tunestream.schemas.serde.SingleObjectCodec;

/**
 * One message of a stage's input topic, decoded and checked against the dataset stream's rules: either an event of
 * the version its key names, or poison for the dead-letter topic (with the reason, and how many records it held when
 * it decoded). The live path and the re-read after a restart classify alike, so both count the same.
 */
sealed interface InputEvent {

    /** A valid event (a batch, a single record or a seal) of the version {@code key} names. */
    record Valid(DatasetEvent event) implements InputEvent {
    }

    /**
     * Poison.
     *
     * @param records records the event held when it decoded, or -1 when it did not
     */
    record Poison(String reason, Throwable error, int records) implements InputEvent {
    }

    static InputEvent classify(String key, byte[] value, SingleObjectCodec<DatasetEvent> codec) {
        if (value == null) {
            return invalid("null value (tombstone) on a dataset topic", -1);
        }
        DatasetEvent event;
        try {
            event = codec.decode(value);
        } catch (EventDecodingException e) {
            return new Poison(e.getMessage(), e, -1);
        }
        String problem = problem(key, event);
        return problem == null ? new Valid(event) : invalid(problem, DatasetEvents.records(event).size());
    }

    private static Poison invalid(String problem, int records) {
        return new Poison(problem, new InvalidEventException(problem), records);
    }

    private static String problem(String key, DatasetEvent event) {
        if (!DatasetKeys.isValidToken(event.getDatasetId()) || !DatasetKeys.isValidToken(event.getVersion())) {
            return "invalid dataset id or version: " + event.getDatasetId() + "@" + event.getVersion();
        }
        if (!DatasetKeys.of(event.getDatasetId(), event.getVersion()).equals(key)) {
            return "record key " + key + " does not match dataset " + event.getDatasetId() + "@" + event.getVersion();
        }
        for (DatasetRecord r : DatasetEvents.records(event)) {
            if (r.getRecordId() == null || r.getRecordId().isBlank()) {
                return "record without a record id";
            }
        }
        return null;
    }

    /** An event that decodes (or a tombstone) but breaks the dataset stream's rules. */
    final class InvalidEventException extends RuntimeException {
        InvalidEventException(String message) {
            super(message, null, false, false);
        }
    }
}
