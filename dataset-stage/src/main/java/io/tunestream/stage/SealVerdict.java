package io.tunestream.stage;

/**
 * Whether a sealed version is complete enough for its stage, judged from what arrived and what was dead-lettered,
 * under the version's {@link PoisonPolicy}. Pure: the processor hands in counts, the verdict says reject (and why) or
 * go on, and how many units (records, or undecodable events of unknown size) were left out in the dead-letter topic.
 *
 * @param rejection why the version is rejected, or null to apply the stage
 * @param leftOut   under {@code dead-letter}: records of the version left in the DLQ plus undecodable events; else 0
 */
record SealVerdict(String rejection, long leftOut) {

    /**
     * What arrived for one version at one partition before its seal.
     *
     * @param expected          records the seal declares for this partition
     * @param received          records buffered (in valid batches)
     * @param declaredBatches   batches the seal declares; 0 when the writer did not count them or the version spans
     *                          partitions
     * @param receivedBatches   valid batches buffered
     * @param deadLetterRecords records inside dead-lettered events that decoded (poison batches)
     * @param deadLetterBatches dead-lettered events that decoded (their sizes are known)
     * @param undecodable       dead-lettered events that did not decode (sizes unknown)
     */
    record Arrivals(long expected, long received, long declaredBatches, long receivedBatches, long deadLetterRecords,
                    long deadLetterBatches, long undecodable) {
    }

    static SealVerdict judge(Arrivals a, PoisonPolicy policy) {
        long missing = a.expected() - a.received();
        boolean batchesMatch = a.declaredBatches() == 0 || a.receivedBatches() == a.declaredBatches();
        if (missing == 0 && batchesMatch) {
            return new SealVerdict(null, policy == PoisonPolicy.DEAD_LETTER ? a.undecodable() + a.deadLetterRecords() : 0);
        }
        String incomplete = missing != 0
                ? "incomplete dataset version: the seal declares " + a.expected() + " records for this partition, "
                        + a.received() + " were received"
                : "incomplete dataset version: the seal declares " + a.declaredBatches() + " batches, "
                        + a.receivedBatches() + " were received";
        if (policy == PoisonPolicy.REJECT_VERSION || missing < 0) {
            return new SealVerdict(incomplete, 0);
        }
        long knownBatches = a.receivedBatches() + a.deadLetterBatches();
        if (missing == a.deadLetterRecords() && (a.declaredBatches() == 0 || knownBatches == a.declaredBatches())) {
            // every missing record is in a dead-lettered batch; undecodable ones held none of the version's records
            return new SealVerdict(null, missing + a.undecodable());
        }
        long batchesAccounted = knownBatches + a.undecodable();
        if (a.declaredBatches() > 0 && batchesAccounted == a.declaredBatches() && missing > a.deadLetterRecords()) {
            return new SealVerdict(null, missing); // every missing batch was dead-lettered, undecodable ones included
        }
        return new SealVerdict(incomplete + "; the " + (a.deadLetterRecords() + a.undecodable())
                + " dead-lettered records/events do not account for the " + missing + " missing (poison-policy "
                + policy.value() + ")", 0);
    }
}
