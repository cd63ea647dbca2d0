package io.tunestream.stage;

import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import io.tunestream.events.Task;

import java.util.List;
import java.util.Map;

/**
 * One complete dataset version handed to a stage.
 *
 * @param datasetId    dataset id
 * @param version      dataset version
 * @param records      every record of the version, ordered by record id (independent of arrival order); the stage
 *                     may change them in place ({@link DatasetStage#apply})
 * @param seal         the incoming seal, whose {@code config} carries the per-dataset settings
 * @param deadLettered poison records of this version already sent to the dead-letter topic
 * @param leftOut      records (or undecodable events) of this version left in the dead-letter topic under the
 *                     {@code dead-letter} {@link PoisonPolicy}, counted in the report's records in; 0 otherwise
 */
public record DatasetBatch(String datasetId, String version, List<DatasetRecord> records, DatasetSeal seal,
                           long deadLettered, long leftOut) {

    /** A version with nothing left out. */
    public DatasetBatch(String datasetId, String version, List<DatasetRecord> records, DatasetSeal seal,
                        long deadLettered) {
        this(datasetId, version, records, seal, deadLettered, 0);
    }

    /** Per-dataset settings that came with the dataset (balance policy, ratios, seeds...). */
    public Map<String, String> config() {
        return seal.getConfig();
    }

    /** The task the seal declares ({@link DatasetTasks}); classification when none. */
    public Task task() {
        return DatasetTasks.of(config());
    }

    /**
     * The index of the first record with this id, found by binary search (the records are ordered by id). A stage
     * that changes records in place finds the one a domain result names this way, without a map of the whole version.
     *
     * @throws IllegalArgumentException when no record has the id (or the records are not ordered by id)
     */
    public int firstIndexOf(String recordId) {
        int low = 0;
        int high = records.size();
        while (low < high) { // the first index whose id is >= recordId
            int mid = (low + high) >>> 1;
            if (records.get(mid).getRecordId().compareTo(recordId) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        if (low == records.size() || !records.get(low).getRecordId().equals(recordId)) {
            throw new IllegalArgumentException("no record '" + recordId + "' in " + datasetId + "@" + version
                    + " (are its records ordered by id?)");
        }
        return low;
    }

    /** A setting of this dataset, or the fallback. */
    public String setting(String key, String fallback) {
        return config().getOrDefault(key, fallback);
    }
}
