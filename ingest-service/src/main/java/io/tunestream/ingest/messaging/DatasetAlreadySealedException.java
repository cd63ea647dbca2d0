package io.tunestream.ingest.messaging;

/** The dataset version is already sealed in the catalog; versions are immutable. */
public class DatasetAlreadySealedException extends RuntimeException {

    public DatasetAlreadySealedException(String datasetKey) {
        super("dataset version " + datasetKey + " is already sealed; upload a new version instead");
    }
}
