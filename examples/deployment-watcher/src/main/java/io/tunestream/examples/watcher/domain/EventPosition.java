package io.tunestream.examples.watcher.domain;

/**
 * Where a deployment event sits in the log, the watcher's sequence for ordering events of one alias. The
 * registry keys {@code deployments} by model name, so all events of a model are in one partition and their
 * offsets are a total order; the version number is not (a rollback moves an alias to a lower version).
 * Positions in different partitions (the topic was repartitioned) are ordered by the registry's
 * {@code producedAt}, which one registry task writes in order for a model.
 *
 * @param partition  partition of the event
 * @param offset     offset of the event in its partition
 * @param producedAt when the registry made the event (epoch milliseconds)
 */
public record EventPosition(int partition, long offset, long producedAt) {

    public EventPosition {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("a log position has a partition and an offset >= 0, got "
                    + partition + "/" + offset);
        }
    }

    /** Whether this event comes after {@code other} in the alias' history. */
    public boolean isAfter(EventPosition other) {
        if (partition == other.partition) {
            return offset > other.offset;
        }
        return producedAt > other.producedAt;
    }

    /** {@code partition/offset}, as recorded on the Kubernetes object. */
    @Override
    public String toString() {
        return partition + "/" + offset;
    }
}
