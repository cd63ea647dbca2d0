package io.tunestream.ingest.messaging;

import io.tunestream.events.DatasetEvent;
import io.tunestream.kafka.toolkit.CompactedTopicView;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The set of sealed dataset versions: the compacted catalog topic seen through a {@link CompactedTopicView} (one
 * entry per sealed version; a tombstone removes one), plus the versions this instance has just sealed and the topic
 * has not delivered back yet. Uploads ask it whether a version is already sealed; they wait until it has read the
 * topic up to its end at start-up. The view survives broker outages and reports its death to liveness.
 */
public final class CatalogView implements AutoCloseable {

    /** Name of the view's reading thread. */
    public static final String THREAD_NAME = "catalog-view";

    private final CompactedTopicView<DatasetEvent> view;
    private final Set<String> sealedHere = ConcurrentHashMap.newKeySet();

    /**
     * @param consumer a group-less read_committed consumer of the catalog, closed with the view
     * @param topic    the catalog topic
     */
    public CatalogView(Consumer<String, DatasetEvent> consumer, String topic) {
        this.view = new CompactedTopicView<>(consumer, topic, THREAD_NAME);
    }

    /** Starts reading the catalog from its beginning. */
    public void start() {
        view.start();
    }

    /** Whether the view has read the whole catalog as it was at start-up. */
    public boolean caughtUp() {
        return view.caughtUp();
    }

    /** Waits until the view has read everything written before this call; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) {
        return view.awaitCaughtUp(timeout);
    }

    /**
     * Whether the view's thread still runs: false once it died (or was closed). A dead view no longer learns of
     * versions sealed elsewhere, so liveness reads this.
     */
    public boolean alive() {
        return view.alive();
    }

    /** Whether a sealed entry exists for the dataset key. */
    public boolean isSealed(String datasetKey) {
        return sealedHere.contains(datasetKey) || view.get(datasetKey).isPresent();
    }

    /** Records a version this instance has just committed, before the topic delivers it back. */
    public void markSealed(String datasetKey) {
        sealedHere.add(datasetKey);
    }

    @Override
    public void close() {
        view.close();
    }
}
