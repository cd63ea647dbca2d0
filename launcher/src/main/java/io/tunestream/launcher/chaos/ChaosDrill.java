package io.tunestream.launcher.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs the chosen faults against a live stack, in an order that shares work and keeps the most disruptive for last:
 * the SIGKILL round, the SIGTERM round, the newer-schema producer, the full disk, the broker restart. Returns one
 * result per fault, in catalogue order; a fault that breaks the drill itself becomes a FAIL row, never an exception.
 */
final class ChaosDrill {

    private final ChaosContext ctx;
    private final ArtifactDisk disk;

    ChaosDrill(ChaosContext ctx, ArtifactDisk disk) {
        this.ctx = ctx;
        this.disk = disk;
    }

    List<FaultResult> run(List<Fault> faults) {
        List<FaultResult> results = new ArrayList<>();
        for (Fault.Signal signal : Fault.Signal.values()) {
            List<Fault> round = faults.stream().filter(f -> f.signal() == signal).toList();
            results.addAll(guard(round, () -> new PipelineRound(ctx, signal, faults).run()));
        }
        if (faults.contains(Fault.V2_PRODUCER)) {
            results.addAll(guard(List.of(Fault.V2_PRODUCER), () -> List.of(new NewerSchemaFault(ctx).run())));
        }
        if (faults.contains(Fault.FULL_DISK)) {
            results.addAll(guard(List.of(Fault.FULL_DISK), () -> List.of(new FullDiskFault(ctx, disk).run())));
        }
        if (faults.contains(Fault.BROKER_RESTART)) {
            results.addAll(guard(List.of(Fault.BROKER_RESTART), () -> List.of(new BrokerRestartFault(ctx).run())));
        }
        results.sort(Comparator.comparing(FaultResult::fault));
        return results;
    }

    /** Work that may fail; throws nothing */
    private interface Step {
        List<FaultResult> run() throws Exception;
    }

    private List<FaultResult> guard(List<Fault> faults, Step step) {
        if (faults.isEmpty()) {
            return List.of();
        }
        try {
            return step.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(faults, () -> "interrupted");
        } catch (Exception e) {
            ctx.progress("drill error in " + PipelineRound.names(faults) + ": " + e);
            return failed(faults, () -> "the drill failed: " + e);
        }
    }

    private static List<FaultResult> failed(List<Fault> faults, Supplier<String> why) {
        return faults.stream().map(f -> FaultResult.notRun(f, why.get())).toList();
    }
}
