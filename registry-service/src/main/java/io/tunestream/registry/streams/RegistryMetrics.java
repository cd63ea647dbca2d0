package io.tunestream.registry.streams;

/** What the topology counts; the service backs it with Micrometer, tests with nothing or a recorder. */
public interface RegistryMetrics {

    /** A version was registered. */
    void registered(String modelName);

    /** An evaluation was already registered, or not blessed: nothing changed. */
    void skipped(String why);

    /** A deployment event was emitted. */
    void deployed(String action);

    /** A command was refused. */
    void rejected(String kind);

    /** A record went to a dead-letter topic. */
    void deadLettered(String topic);

    /** Counts nothing. */
    RegistryMetrics NONE = new RegistryMetrics() {
        @Override
        public void registered(String modelName) {
        }

        @Override
        public void skipped(String why) {
        }

        @Override
        public void deployed(String action) {
        }

        @Override
        public void rejected(String kind) {
        }

        @Override
        public void deadLettered(String topic) {
        }
    };
}
