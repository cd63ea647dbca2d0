package io.tunestream.stage;

/**
 * What a data stage does to one complete dataset version. Pure: no Kafka, no I/O. The surrounding
 * {@link SealedDatasetTopology} calls it once per dataset version, after the seal proved the version complete,
 * and writes its result exactly once.
 */
public interface DatasetStage {

    /** Stage name written into events, reports and lineage (e.g. {@code clean}). */
    String name();

    /** Transforms a complete dataset version. Must be deterministic for the same batch. */
    StageResult apply(DatasetBatch batch);
}
