package io.tunestream.trainer.sweep;

import io.tunestream.events.JobState;
import io.tunestream.events.JobStatus;
import io.tunestream.events.MetricSample;
import io.tunestream.events.ResourceUnit;
import io.tunestream.events.SweepState;
import io.tunestream.events.SweepStatus;
import io.tunestream.events.SweepTrial;
import io.tunestream.events.TrainingMetric;
import io.tunestream.events.TrialStatus;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A sweep's state machine, pure: given its recorded state and what was read about its trials' jobs, what changes.
 * {@link #advance} judges each trial's new evaluation points with the sweep's scheduler (rebuilt from the recorded
 * history, so a restarted controller takes the same decisions), stops a trial the scheduler stops (and cancels its
 * job), follows each job's status to the trial's end (COMPLETED only once its last evaluation was judged), launches
 * trials into free slots, and marks the sweep SUCCEEDED with its best trial when every trial ended. A sweep written
 * straight to the topic with an invalid request is FAILED here, as REST would refuse it.
 *
 * <p>The controller (messaging) only moves messages: it writes {@link Decisions#launches()}, {@link
 * Decisions#cancels()} and {@link Decisions#next()} in one Kafka transaction.
 */
public final class SweepTransitions {

    /**
     * What to do after one look at a sweep.
     *
     * @param next     the state to record; empty when nothing changed (nothing is written then)
     * @param launches trials to launch, each with its training request
     * @param cancels  job statuses (CANCELLED) of trials the scheduler stopped
     */
    public record Decisions(Optional<SweepState> next, List<SweepPlanner.TrialLaunch> launches,
            List<JobStatus> cancels) {

        /** Nothing to write. */
        public static Decisions none() {
            return new Decisions(Optional.empty(), List.of(), List.of());
        }
    }

    private final SweepRequestValidator validator;
    private final SweepPlanner planner = new SweepPlanner();
    private final Clock clock;

    /**
     * @param validator checks a sweep that has no trials yet
     * @param clock     stamps {@code updatedAt} of new states and cancellations
     */
    public SweepTransitions(SweepRequestValidator validator, Clock clock) {
        this.validator = validator;
        this.clock = clock;
    }

    /**
     * One step of a sweep's state machine.
     *
     * @param state the sweep's recorded state
     * @param seen  its trials' evaluation points and job statuses read so far
     * @return what to write; {@link Decisions#none()} for a sweep that is not RUNNING or did not change
     */
    public Decisions advance(SweepState state, SweepObservations seen) {
        if (state.getStatus() != SweepStatus.RUNNING) {
            return Decisions.none();
        }
        if (state.getTrials().isEmpty()) {
            List<String> problems = validator.problems(state.getRequest());
            if (!problems.isEmpty()) {
                return new Decisions(Optional.of(SweepState.newBuilder().setSweepId(state.getSweepId())
                        .setRequest(state.getRequest()).setStatus(SweepStatus.FAILED).setTrials(new ArrayList<>())
                        .setBestTrialId(null).setMessage("invalid sweep request: " + String.join("; ", problems))
                        .setUpdatedAt(clock.instant()).build()), List.of(), List.of());
            }
        }
        TrialScheduler scheduler = TrialSchedulers.replay(state).scheduler();
        SeqCounter seq = new SeqCounter(TrialSchedulers.nextSeq(state));
        boolean changed = false;
        List<SweepTrial> trials = new ArrayList<>();
        List<JobStatus> cancels = new ArrayList<>();
        for (SweepTrial trial : state.getTrials()) {
            if (hasEnded(trial)) {
                trials.add(trial);
                continue;
            }
            SweepTrial updated = SweepTrial.newBuilder(trial).build();
            List<TrainingMetric> points = seen.evaluations(trial.getJobId());
            changed |= judge(state, scheduler, seq, updated, points, cancels);
            Optional<JobStatus> job = seen.status(trial.getJobId());
            if (updated.getStatus() != TrialStatus.STOPPED && job.isPresent()) {
                changed |= follow(updated, job.get(), points);
            }
            trials.add(updated);
        }
        SweepState next = SweepState.newBuilder().setSweepId(state.getSweepId()).setRequest(state.getRequest())
                .setStatus(SweepStatus.RUNNING).setTrials(trials).setBestTrialId(state.getBestTrialId())
                .setMessage(null).setUpdatedAt(clock.instant()).build();
        List<SweepPlanner.TrialLaunch> launches = planner.launches(next);
        if (!launches.isEmpty()) {
            launches.forEach(l -> trials.add(l.trial()));
            next.setTrials(trials);
            changed = true;
        }
        next.setMessage(trials.stream().filter(SweepTransitions::hasEnded).count() + " of "
                + state.getRequest().getNumTrials() + " trials ended, " + trials.size() + " launched");
        if (planner.isFinished(next)) {
            next.setStatus(SweepStatus.SUCCEEDED);
            next.setBestTrialId(planner.bestTrialId(next).orElse(null));
            next.setMessage(summary(next));
            changed = true;
        }
        return changed ? new Decisions(Optional.of(next), launches, cancels) : Decisions.none();
    }

    /** Judges the trial's evaluation points not in its history yet; a STOP ends the trial and cancels its job. */
    private boolean judge(SweepState state, TrialScheduler scheduler, SeqCounter seq, SweepTrial trial,
            List<TrainingMetric> points, List<JobStatus> cancels) {
        boolean changed = false;
        for (int k = trial.getHistory().size(); k < points.size() && trial.getStatus() != TrialStatus.STOPPED; k++) {
            TrainingMetric point = points.get(k);
            Double value = value(state, point);
            if (value == null) {
                continue;
            }
            long resource = state.getRequest().getScheduler().getResourceUnit() == ResourceUnit.STEPS
                    ? point.getStep() : k + 1;
            Judgement judgement = scheduler.judge(trial.getTrialId(), resource, value);
            List<MetricSample> history = new ArrayList<>(trial.getHistory());
            history.add(MetricSample.newBuilder().setSeq(seq.next()).setResource(resource).setValue(value).build());
            trial.setHistory(history);
            trial.setLastResource(resource);
            trial.setRung(scheduler.rungReached(trial.getTrialId()));
            trial.setFinalMetric(value);
            if (judgement.decision() == Decision.STOP) {
                trial.setStatus(TrialStatus.STOPPED);
                trial.setMessage(judgement.reason());
                cancels.add(JobStatus.newBuilder().setJobId(trial.getJobId()).setState(JobState.CANCELLED)
                        .setStep(point.getStep()).setMessage("stopped by the sweep's scheduler: " + judgement.reason())
                        .setModelName(state.getRequest().getModelName())
                        .setDatasetId(state.getRequest().getDatasetId())
                        .setDatasetVersion(state.getRequest().getDatasetVersion()).setUpdatedAt(clock.instant())
                        .build());
            }
            changed = true;
        }
        return changed;
    }

    /**
     * Moves the trial to its job's state. A job that succeeded completes the trial only once its last evaluation
     * (at its last step) was read and judged: its status may be read before its last metric point.
     */
    private static boolean follow(SweepTrial trial, JobStatus job, List<TrainingMetric> points) {
        TrialStatus next = switch (job.getState()) {
            case QUEUED -> trial.getStatus();
            case RUNNING, INTERRUPTED -> TrialStatus.RUNNING; // an interrupted job is resumed by another worker
            case SUCCEEDED -> TrialStatus.COMPLETED;
            case FAILED -> TrialStatus.FAILED;
            case CANCELLED -> TrialStatus.STOPPED;
        };
        long lastEvalStep = points.isEmpty() ? 0 : points.get(points.size() - 1).getStep();
        boolean allJudged = trial.getHistory().size() >= points.size()
                && (points.isEmpty() || lastEvalStep >= job.getStep());
        if (next == trial.getStatus() || (next == TrialStatus.COMPLETED && !allJudged)) {
            return false;
        }
        trial.setStatus(next);
        if (next != TrialStatus.RUNNING) {
            trial.setMessage(job.getMessage());
        }
        return true;
    }

    private static Double value(SweepState state, TrainingMetric point) {
        String metric = state.getRequest().getMetric();
        return metric.equals("val_loss") ? point.getValLoss() : point.getValMetrics().get(metric);
    }

    private static boolean hasEnded(SweepTrial trial) {
        return trial.getStatus() != TrialStatus.PENDING && trial.getStatus() != TrialStatus.RUNNING;
    }

    private static String summary(SweepState state) {
        long steps = state.getTrials().stream().mapToLong(SweepTrial::getLastResource).sum();
        return state.getTrials().size() + " trials: " + count(state, TrialStatus.COMPLETED) + " completed, "
                + count(state, TrialStatus.STOPPED) + " stopped early, " + count(state, TrialStatus.FAILED)
                + " failed; " + steps + " resource units in all; best " + state.getBestTrialId();
    }

    private static long count(SweepState state, TrialStatus status) {
        return state.getTrials().stream().filter(t -> t.getStatus() == status).count();
    }

    /** The sweep-wide sequence of recorded samples (see {@link TrialSchedulers#nextSeq}). */
    private static final class SeqCounter {
        private long next;

        SeqCounter(long first) {
            this.next = first;
        }

        long next() {
            return next++;
        }
    }
}
