package io.tunestream.registry.streams;

import io.micrometer.core.instrument.MeterRegistry;

/** {@link RegistryMetrics} as Micrometer counters ({@code tunestream.registry.*}, scraped at /q/metrics). */
public class MicrometerRegistryMetrics implements RegistryMetrics {

    private final MeterRegistry meters;

    public MicrometerRegistryMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void registered(String modelName) {
        meters.counter("tunestream.registry.versions.registered").increment();
    }

    @Override
    public void skipped(String why) {
        meters.counter("tunestream.registry.evaluations.skipped").increment();
    }

    @Override
    public void deployed(String action) {
        meters.counter("tunestream.registry.deployments", "action", action).increment();
    }

    @Override
    public void rejected(String kind) {
        meters.counter("tunestream.registry.commands.rejected", "kind", kind).increment();
    }

    @Override
    public void deadLettered(String topic) {
        meters.counter("tunestream.registry.dead.letters", "topic", topic).increment();
    }
}
