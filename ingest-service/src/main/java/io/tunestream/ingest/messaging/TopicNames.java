package io.tunestream.ingest.messaging;

import io.tunestream.ingest.config.IngestConfig;
import io.tunestream.schemas.Topics;

/** The full names of the topics this service reads and writes, under the configured prefix. */
public record TopicNames(String ingest, String ingestDlq, String raw, String catalog, String reports) {

    public static TopicNames of(String prefix) {
        String ingest = Topics.name(prefix, Topics.DATASETS_INGEST);
        return new TopicNames(ingest, Topics.dlq(ingest), Topics.name(prefix, Topics.DATASETS_RAW),
                Topics.name(prefix, Topics.DATASETS_CATALOG), Topics.name(prefix, Topics.DATASETS_REPORTS));
    }

    public static TopicNames of(IngestConfig config) {
        return of(config.topicPrefix());
    }
}
