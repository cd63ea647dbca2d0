package io.tunestream.launcher.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The faults {@code tunestream chaos} can inject into a live stack, each named as on the command line
 * ({@code kill-clean}, {@code broker-restart}, ...). A service fault stops one service JVM while it has work: SIGKILL
 * (a crashed node) or SIGTERM (a rolling update, a drain).
 */
public enum Fault {
    KILL_INGEST("ingest-service", Signal.KILL), TERM_INGEST("ingest-service", Signal.TERM),
    KILL_CLEAN("clean-service", Signal.KILL), TERM_CLEAN("clean-service", Signal.TERM),
    KILL_SPLIT("split-service", Signal.KILL), TERM_SPLIT("split-service", Signal.TERM),
    KILL_AUGMENT("augment-service", Signal.KILL), TERM_AUGMENT("augment-service", Signal.TERM),
    KILL_TRAINER("trainer-service", Signal.KILL), TERM_TRAINER("trainer-service", Signal.TERM),
    KILL_EVALUATOR("evaluator-service", Signal.KILL), TERM_EVALUATOR("evaluator-service", Signal.TERM),
    KILL_REGISTRY("registry-service", Signal.KILL), TERM_REGISTRY("registry-service", Signal.TERM),
    /** The broker child JVM stopped and started again on the same port and log directory while data flows. */
    BROKER_RESTART(null, null),
    /** The registry's artifact store runs out of space during a registration, and space is freed later. */
    FULL_DISK(null, null),
    /** A newer release writes a dataset with one optional field added; the running (older) services read it. */
    V2_PRODUCER(null, null);

    /** How a service JVM is stopped. */
    public enum Signal { KILL, TERM }

    private final String service;
    private final Signal signal;

    Fault(String service, Signal signal) {
        this.service = service;
        this.signal = signal;
    }

    /** The name on the command line and in the table, e.g. {@code kill-clean}. */
    public String cliName() {
        if (service == null) {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return signal.name().toLowerCase(Locale.ROOT) + "-" + service.substring(0, service.indexOf("-service"));
    }

    /** The service this fault stops, or null for a fault of the broker, the disk or the schemas. */
    public String service() {
        return service;
    }

    /** SIGKILL or SIGTERM for a service fault, null otherwise. */
    public Signal signal() {
        return signal;
    }

    /** The faults stopping {@code service} with {@code signal}, if chosen. */
    static boolean chosen(List<Fault> faults, String service, Signal signal) {
        return faults.stream().anyMatch(f -> service.equals(f.service) && f.signal == signal);
    }

    /**
     * Parses a comma-separated list of fault names ({@code all} or empty: every fault), in catalogue order.
     *
     * @throws IllegalArgumentException naming an unknown fault and the known ones
     */
    public static List<Fault> parse(String names) {
        if (names == null || names.isBlank() || names.trim().equals("all")) {
            return List.of(values());
        }
        List<Fault> chosen = new ArrayList<>();
        for (String name : names.split(",")) {
            String wanted = name.trim();
            Fault fault = Arrays.stream(values()).filter(f -> f.cliName().equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + wanted + "'; known: "
                            + String.join(",", Arrays.stream(values()).map(Fault::cliName).toList())));
            if (!chosen.contains(fault)) {
                chosen.add(fault);
            }
        }
        return Arrays.stream(values()).filter(chosen::contains).toList();
    }
}
