package io.tunestream.stage;

/**
 * What a data stage does to one complete dataset version. Pure: no Kafka, no I/O. The surrounding
 * {@link SealedDatasetTopology} calls it once per dataset version, after the seal proved the version complete,
 * and writes its result exactly once.
 */
public interface DatasetStage {

    /** Stage name written into events, reports and lineage (e.g. {@code clean}). */
    String name();

    /**
     * Transforms a complete dataset version. Must be deterministic for the same batch. The batch's records are the
     * stage's own: it may change them in place and return them (the processor counted what the report needs of the
     * input before), which spares a copy of every record of a large version.
     */
    StageResult apply(DatasetBatch batch);
}
