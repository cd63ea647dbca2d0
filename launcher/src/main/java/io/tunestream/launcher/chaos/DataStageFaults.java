package io.tunestream.launcher.chaos;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tunestream.events.StageReport;
import io.tunestream.launcher.chaos.StackProbe.VersionLog;
import io.tunestream.schemas.DatasetKeys;
import io.tunestream.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;

/**
 * Faults of the data stages, each hitting one service while it has the round's dataset version: ingest mid-upload
 * (half the file sent, its records in an open transaction), clean / split / augment as soon as their input version is
 * sealed. Each checks the stage's end state once it runs again: one report, balanced, one output seal that counts the
 * records on the output topic.
 */
final class DataStageFaults {

    /** A data stage: its service, its name in reports, the topic it reads and the one it writes. */
    record Stage(String service, String name, String in, String out) {
    }

    static final Stage INGEST = new Stage("ingest-service", "ingest", null, Topics.DATASETS_RAW);
    static final List<Stage> STAGES = List.of(
            new Stage("clean-service", "clean", Topics.DATASETS_RAW, Topics.DATASETS_CLEAN),
            new Stage("split-service", "split", Topics.DATASETS_CLEAN, Topics.DATASETS_SPLIT),
            new Stage("augment-service", "augment", Topics.DATASETS_SPLIT, Topics.DATASETS_PREPARED));

    private final ChaosContext ctx;
    private final String datasetId;
    private final String version;

    DataStageFaults(ChaosContext ctx, String datasetId, String version) {
        this.ctx = ctx;
        this.datasetId = datasetId;
        this.version = version;
    }

    /** Stops ingest mid-upload, starts it again, uploads the file again, and checks the raw version. */
    FaultResult ingest(Fault fault) throws IOException, InterruptedException {
        DatasetUpload gated = new DatasetUpload(ctx);
        CompletableFuture<HttpResponse<String>> first = gated.startGated(datasetId, version);
        if (!gated.awaitHalfSent(Duration.ofSeconds(30))) {
            gated.cut();
            return FaultResult.notRun(fault, "the upload never got half-way");
        }
        boolean open = awaitOpenTransaction(Duration.ofSeconds(20));
        long t0 = System.nanoTime();
        ServiceStop stop = ServiceStop.apply(ctx, INGEST.service(), fault.signal());
        gated.cut();
        String client = outcome(first);
        HttpResponse<String> again = new DatasetUpload(ctx).upload(datasetId, version);
        List<String> failures = new ArrayList<>(stop.failures());
        if (again.statusCode() != 201) {
            failures.add("the upload after the restart was refused: HTTP " + again.statusCode() + " " + again.body());
        }
        String happened = (open ? "mid-upload (open txn); " : "mid-upload (no open txn seen); ") + stop.happened()
                + "; client saw " + client + "; re-upload " + again.statusCode();
        return endState(fault, INGEST, t0, happened, failures);
    }

    /** Stops a stage as soon as its input version is sealed (it holds the version), and checks its output. */
    FaultResult stage(Fault fault, Stage stage) throws InterruptedException {
        boolean sealedBefore = ctx.probe().version(Topics.name(null, stage.out()), datasetId, version).seal() != null;
        long t0 = System.nanoTime();
        ServiceStop stop = ServiceStop.apply(ctx, stage.service(), fault.signal());
        String happened = (sealedBefore ? "after it sealed; " : "version in progress; ") + stop.happened();
        return endState(fault, stage, t0, happened, new ArrayList<>(stop.failures()));
    }

    private FaultResult endState(Fault fault, Stage stage, long t0, String happened, List<String> failures)
            throws InterruptedException {
        VersionLog out = ctx.probe().awaitSeal(Topics.name(null, stage.out()), datasetId, version,
                ctx.size().faultTimeout());
        Duration recovery = out.seal() == null ? null : Duration.ofNanos(System.nanoTime() - t0);
        List<StageReport> reports = reports(stage.name());
        Long sealCount = out.seal() == null ? null : out.seal().getRecordCount();
        failures.addAll(StageAccounting.problems(stage.name(), reports, out.seals().size(), sealCount));
        if (sealCount != null && sealCount != out.records()) {
            failures.add(stage.out() + " holds " + out.records() + " records of the version, its seal counts " + sealCount);
        }
        Counts counts = reports.stream().filter(r -> r.getStage().equals(stage.name())).findFirst()
                .map(StageAccounting::counts).orElse(Counts.NONE);
        return new FaultResult(fault, happened, counts, recovery, failures);
    }

    /**
     * The end state of the whole data pipeline for the version, once {@code stages} have all reported: each stage
     * checked as after a stage fault, and the stages chained (each read exactly what the one before wrote).
     *
     * @param in how many records entered the first stage, or -1 when its report says it
     */
    FaultResult pipeline(Fault fault, List<Stage> stages, long t0, long in, String happened, List<String> failures)
            throws InterruptedException {
        Stage last = stages.get(stages.size() - 1);
        VersionLog end = ctx.probe().awaitSeal(Topics.name(null, last.out()), datasetId, version,
                ctx.size().faultTimeout());
        Duration recovery = end.seal() == null ? null : Duration.ofNanos(System.nanoTime() - t0);
        List<StageReport> reports = end.seal() == null ? ctx.probe().events(Topics.name(null, Topics.DATASETS_REPORTS),
                StageReport.class, this::ofVersion) : reports(last.name());
        List<Counts> counts = new ArrayList<>();
        for (Stage stage : stages) {
            VersionLog out = ctx.probe().version(Topics.name(null, stage.out()), datasetId, version);
            Long sealCount = out.seal() == null ? null : out.seal().getRecordCount();
            failures.addAll(StageAccounting.problems(stage.name(), reports, out.seals().size(), sealCount));
            reports.stream().filter(r -> r.getStage().equals(stage.name())).findFirst()
                    .ifPresent(r -> counts.add(StageAccounting.counts(r)));
        }
        Counts chained = counts.size() == stages.size() ? StageAccounting.chain(counts) : null;
        if (counts.size() == stages.size() && chained == null) {
            failures.add("a stage did not read what the stage before it wrote: " + counts);
        }
        if (chained != null && in >= 0 && chained.in() != in) {
            failures.add(stages.get(0).name() + " read " + chained.in() + " records, " + in + " were written");
        }
        return new FaultResult(fault, happened, chained == null ? Counts.NONE : chained, recovery, failures);
    }

    /** The version's reports once {@code stage} has reported (and a little while for a duplicate). */
    List<StageReport> reports(String stage) throws InterruptedException {
        String topic = Topics.name(null, Topics.DATASETS_REPORTS);
        List<StageReport> reports = ctx.probe().await(topic, StageReport.class, this::ofVersion,
                l -> l.stream().anyMatch(r -> r.getStage().equals(stage)), Duration.ofSeconds(15));
        // a second report would come from a replay right after the restart: wait for it within a short deadline
        return ctx.probe().await(topic, StageReport.class, this::ofVersion,
                l -> l.stream().filter(r -> r.getStage().equals(stage)).count() > 1, Duration.ofSeconds(2));
    }

    private boolean ofVersion(StageReport r) {
        return r.getDatasetId().equals(datasetId) && r.getVersion().equals(version);
    }

    /** Whether ingest holds an open transaction for this version (its transactional id ends with the dataset key). */
    private boolean awaitOpenTransaction(Duration timeout) throws InterruptedException {
        Properties admin = ctx.stack().adminConnection().properties();
        String key = DatasetKeys.of(datasetId, version);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin client = Admin.create(admin)) {
            while (System.nanoTime() < deadline) {
                for (TransactionListing t : client.listTransactions().all().get(10, TimeUnit.SECONDS)) {
                    if (t.transactionalId().endsWith(key) && t.state() == TransactionState.ONGOING) {
                        return true;
                    }
                }
                Thread.sleep(200);
            }
        } catch (ExecutionException | TimeoutException e) {
            ctx.progress("cannot list transactions: " + e.getMessage());
        }
        return false;
    }

    private static String outcome(CompletableFuture<HttpResponse<String>> upload) throws InterruptedException {
        try {
            return "HTTP " + upload.get(30, TimeUnit.SECONDS).statusCode();
        } catch (ExecutionException e) {
            return e.getCause().getClass().getSimpleName();
        } catch (TimeoutException e) {
            upload.cancel(true);
            return "no answer";
        }
    }
}
