package io.tunestream.trainer.sweep;

import io.tunestream.events.ParameterKind;
import io.tunestream.events.ParameterSpec;
import io.tunestream.events.SchedulerConfig;
import io.tunestream.events.SchedulerKind;
import io.tunestream.events.SearchAlgorithm;
import io.tunestream.events.SweepMode;
import io.tunestream.events.SweepRequest;
import io.tunestream.schemas.Identifiers;
import io.tunestream.schemas.TrainingRequestBounds;
import io.tunestream.trainer.domain.TrainingRequestValidator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a sweep request before any trial starts. Returns every problem at once, each a sentence naming the field,
 * the value and the rule. Besides the sweep's own rules, the base request and every bound and value of the space
 * are checked by {@link TrainingRequestValidator} on the trial request they would produce, so a sweep never
 * launches a trial the trainer would refuse.
 */
public final class SweepRequestValidator {

    /** Most trials in one sweep. */
    public static final int MAX_TRIALS = TrainingRequestBounds.MAX_TRIALS;
    /** Longest sweep id: trial job ids ({@code <sweepId>-t<index>}) must stay identifiers. */
    public static final int MAX_SWEEP_ID_LENGTH = 100;
    /** Metrics a sweep can compare, with the mode that makes sense for each. */
    public static final Map<String, SweepMode> METRICS = Map.of("accuracy", SweepMode.MAX, "f1_macro", SweepMode.MAX,
            "val_loss", SweepMode.MIN, "val_perplexity", SweepMode.MIN, "val_token_accuracy", SweepMode.MAX);

    private final TrainingRequestValidator trainingValidator;

    /** A validator allowing only the bundled base model. */
    public SweepRequestValidator() {
        this(new TrainingRequestValidator());
    }

    /** @param trainingValidator the validator of the trial requests (with the service's model roots) */
    public SweepRequestValidator(TrainingRequestValidator trainingValidator) {
        this.trainingValidator = trainingValidator;
    }

    /**
     * @param request the request
     * @return the problems; empty when the request is valid
     */
    public List<String> problems(SweepRequest request) {
        List<String> problems = new ArrayList<>();
        Identifiers.problem("sweepId", request.getSweepId()).ifPresent(problems::add);
        require(request.getSweepId() == null || request.getSweepId().length() <= MAX_SWEEP_ID_LENGTH, problems,
                "sweepId must be at most " + MAX_SWEEP_ID_LENGTH + " characters (its trials' job ids add '-t<index>')");
        TrainingRequestBounds.problem("numTrials", request.getNumTrials()).ifPresent(problems::add);
        TrainingRequestBounds.problem("maxConcurrentTrials", request.getMaxConcurrentTrials()).ifPresent(problems::add);
        if (request.getSpace() != null && !request.getSpace().isEmpty()) {
            TrainingRequestBounds.problem("space", request.getSpace().size()).ifPresent(problems::add);
        }
        if (request.getScheduler() != null && request.getScheduler().getKind() != SchedulerKind.NONE) {
            TrainingRequestBounds.problem("scheduler.maxResource", request.getScheduler().getMaxResource())
                    .ifPresent(problems::add);
        }
        metric(request, problems);
        scheduler(request.getScheduler(), problems);
        if (request.getMethod() == null || request.getHyperParameters() == null) {
            problems.add("method and hyperParameters are required");
            return problems;
        }
        baseProblems(request, problems);
        boolean spaceValid = space(request, problems);
        if (spaceValid) {
            grid(request, problems);
        }
        return problems;
    }

    private static void metric(SweepRequest r, List<String> problems) {
        SweepMode expected = METRICS.get(r.getMetric());
        if (expected == null) {
            problems.add("metric must be one of " + METRICS.keySet().stream().sorted().toList() + ", got: " + r.getMetric());
        } else if (expected != r.getMode()) {
            problems.add("mode must be " + expected + " for metric " + r.getMetric() + ", got: " + r.getMode());
        }
        if (expected != null && r.getTask() != null && !r.getMetric().equals("val_loss")
                && !TrainingRequestValidator.stoppingMetrics(r.getTask()).contains(r.getMetric())) {
            problems.add("metric " + r.getMetric() + " is not reported by a " + r.getTask() + " job; use one of "
                    + TrainingRequestValidator.stoppingMetrics(r.getTask()).stream().sorted().toList());
        }
    }

    private static void scheduler(SchedulerConfig s, List<String> problems) {
        if (s == null || s.getKind() == null) {
            problems.add("scheduler.kind is required (NONE, ASHA or MEDIAN_STOPPING)");
            return;
        }
        switch (s.getKind()) {
            case ASHA -> {
                require(s.getReductionFactor() >= 2, problems,
                        "scheduler.reductionFactor must be >= 2, got: " + s.getReductionFactor());
                require(s.getGracePeriod() >= 1, problems, "scheduler.gracePeriod must be >= 1, got: " + s.getGracePeriod());
                require(s.getGracePeriod() < 1 || s.getReductionFactor() < 2
                        || (long) s.getGracePeriod() * s.getReductionFactor() <= s.getMaxResource(), problems,
                        "scheduler.maxResource (" + s.getMaxResource() + ") must be >= gracePeriod * reductionFactor ("
                                + (long) s.getGracePeriod() * s.getReductionFactor() + ") so that ASHA has a rung to promote to");
            }
            case MEDIAN_STOPPING -> {
                require(s.getGracePeriod() >= 0, problems, "scheduler.gracePeriod must be >= 0, got: " + s.getGracePeriod());
                require(s.getMinTrialsRequired() >= 1, problems,
                        "scheduler.minTrialsRequired must be >= 1, got: " + s.getMinTrialsRequired());
                require(s.getMaxResource() >= Math.max(1, s.getGracePeriod()), problems, "scheduler.maxResource ("
                        + s.getMaxResource() + ") must be >= max(1, gracePeriod) (" + s.getGracePeriod() + ")");
            }
            case NONE -> { }
            default -> problems.add("scheduler.kind " + s.getKind() + " is unknown");
        }
    }

    private void baseProblems(SweepRequest r, List<String> problems) {
        trainingValidator.problems(TrialRequests.trialRequest(r, 0, Map.of()))
                .forEach(p -> problems.add(p.startsWith("jobId") ? p : "base request: " + p));
    }

    /** @return whether the space is well-formed (grid checks need that) */
    private boolean space(SweepRequest r, List<String> problems) {
        if (r.getSpace() == null || r.getSpace().isEmpty()) {
            problems.add("space must name at least one parameter (" + TunableParameter.fieldNames() + ")");
            return false;
        }
        int before = problems.size();
        Set<String> seen = new HashSet<>();
        for (ParameterSpec spec : r.getSpace()) {
            require(seen.add(String.valueOf(spec.getName())), problems, "space names " + spec.getName() + " twice");
            new ParameterSpecCheck(r, spec, trainingValidator).problems().forEach(problems::add);
        }
        return problems.size() == before;
    }

    private static void grid(SweepRequest r, List<String> problems) {
        SearchSpace space = SearchSpace.of(r);
        long points = space.gridSize();
        if (r.getAlgorithm() == SearchAlgorithm.GRID) {
            space.dimensions().stream().filter(d -> d.kind() == ParameterKind.UNIFORM || d.kind() == ParameterKind.LOG_UNIFORM)
                    .forEach(d -> problems.add("algorithm GRID cannot enumerate " + d.kind() + " parameter "
                            + d.parameter().fieldName() + "; give it GRID values or use algorithm RANDOM"));
            require(points == r.getNumTrials(), problems, "algorithm GRID runs each of the "
                    + (points == Long.MAX_VALUE ? "too many" : points) + " grid points once: numTrials must be "
                    + "that many, got: " + r.getNumTrials());
        } else {
            require(points <= r.getNumTrials(), problems, "the grid has " + (points == Long.MAX_VALUE ? "too many" : points)
                    + " points but numTrials is " + r.getNumTrials() + ": some points would never run");
        }
    }

    static void require(boolean ok, List<String> problems, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }
}
