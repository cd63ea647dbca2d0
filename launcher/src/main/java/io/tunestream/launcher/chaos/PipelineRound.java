package io.tunestream.launcher.chaos;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.tunestream.launcher.chaos.DataStageFaults.Stage;
import io.tunestream.schemas.Topics;

/**
 * One pass of real work through the whole stack (a dataset version uploaded, cleaned, split, augmented; a LoRA job
 * trained on it, evaluated and registered) during which each chosen service gets one signal (all SIGKILL or all
 * SIGTERM) at the moment it holds the pass's work. Several faults share one pass to keep the drill short; each still
 * has its own row.
 */
final class PipelineRound {

    /** The dataset every round uploads (one version per round). */
    static final String DATASET = "chaos";

    private final ChaosContext ctx;
    private final Fault.Signal signal;
    private final List<Fault> faults;

    PipelineRound(ChaosContext ctx, Fault.Signal signal, List<Fault> chosen) {
        this.ctx = ctx;
        this.signal = signal;
        this.faults = chosen.stream().filter(f -> f.signal() == signal).toList();
    }

    /** Runs the pass; one result per chosen fault of this round's signal. */
    List<FaultResult> run() throws IOException, InterruptedException {
        List<FaultResult> results = new ArrayList<>();
        if (faults.isEmpty()) {
            return results;
        }
        String version = ctx.runId() + "-" + signal.name().toLowerCase(Locale.ROOT);
        ctx.progress("round " + signal + ": dataset " + DATASET + "@" + version + ", faults " + names(faults));
        DataStageFaults data = new DataStageFaults(ctx, DATASET, version);
        Optional<Fault> ingest = fault("ingest-service");
        if (ingest.isPresent()) {
            results.add(data.ingest(ingest.get()));
        } else {
            HttpResponse<String> answer = new DatasetUpload(ctx).upload(DATASET, version);
            if (answer.statusCode() != 201) {
                return notRun(results, "ingest refused the round's upload: HTTP " + answer.statusCode());
            }
        }
        for (Stage stage : DataStageFaults.STAGES) {
            Optional<Fault> fault = fault(stage.service());
            if (ctx.probe().awaitSeal(Topics.name(null, stage.in()), DATASET, version, ctx.size().faultTimeout())
                    .seal() == null) {
                return notRun(results, "no seal of the version on " + stage.in());
            }
            if (fault.isPresent()) {
                results.add(data.stage(fault.get(), stage));
            }
        }
        if (faults.stream().anyMatch(f -> f.ordinal() >= Fault.KILL_TRAINER.ordinal())) {
            modelSide(version, results);
        }
        return results;
    }

    private List<FaultResult> modelSide(String version, List<FaultResult> results)
            throws IOException, InterruptedException {
        if (ctx.probe().awaitSeal(Topics.name(null, Topics.DATASETS_PREPARED), DATASET, version,
                ctx.size().faultTimeout()).seal() == null) {
            return notRun(results, "the version was never prepared");
        }
        String jobId = "chaos-" + version;
        String refused = new ModelWork(ctx).submit(jobId, DATASET, version, ctx.size().trainingSteps());
        if (refused != null) {
            return notRun(results, refused);
        }
        ctx.progress("job " + jobId + " submitted (" + ctx.size().trainingSteps() + " LoRA steps)");
        ModelFaults model = new ModelFaults(ctx, jobId);
        Optional<Fault> trainer = fault("trainer-service");
        if (trainer.isPresent() && !reached(results, model.trainer(trainer.get()), "the job never finished")) {
            return results;
        }
        Optional<Fault> evaluator = fault("evaluator-service");
        if (evaluator.isPresent() && !reached(results, model.evaluator(evaluator.get()), "the job was never evaluated")) {
            return results;
        }
        Optional<Fault> registry = fault("registry-service");
        if (registry.isPresent()) {
            results.add(model.registry(registry.get()));
        }
        return results;
    }

    /**
     * Adds {@code result}; when its work never reached its end state, the later model faults are not run (each would
     * only wait out its own timeout for work that cannot come) and get a not-run row saying why.
     *
     * @return whether the later faults can run
     */
    private boolean reached(List<FaultResult> results, FaultResult result, String why) {
        results.add(result);
        if (result.recovery() == null) {
            notRun(results, why);
            return false;
        }
        return true;
    }

    /** Adds a not-run row for every chosen fault that has no result yet. */
    private List<FaultResult> notRun(List<FaultResult> results, String why) {
        ctx.progress("round " + signal + " stopped: " + why);
        for (Fault f : faults) {
            if (results.stream().noneMatch(r -> r.fault() == f)) {
                results.add(FaultResult.notRun(f, "not reached: " + why));
            }
        }
        return results;
    }

    private Optional<Fault> fault(String service) {
        return faults.stream().filter(f -> service.equals(f.service())).findFirst();
    }

    static String names(List<Fault> faults) {
        return String.join(",", faults.stream().map(Fault::cliName).toList());
    }
}
