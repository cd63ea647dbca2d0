package io.tunestream.ingest.messaging;

/** Told what the ingest-topic path did with each record (for metrics). */
public interface IngestTopicListener {

    /** No-op listener. */
    IngestTopicListener NONE = new IngestTopicListener() {
    };

    /** A record was validated and forwarded to raw. */
    default void forwarded() {
    }

    /** A record was dead-lettered for the given reason. */
    default void deadLettered(String reason) {
    }
}
