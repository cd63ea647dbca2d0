package io.tunestream.trainer.sweep;

import io.tunestream.events.ParameterKind;
import io.tunestream.events.ParameterSpec;
import io.tunestream.events.SweepRequest;
import io.tunestream.trainer.domain.TrainingRequestValidator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The problems of one parameter of a sweep's space (see {@link SweepRequestValidator}). */
final class ParameterSpecCheck {

    private final SweepRequest request;
    private final ParameterSpec spec;
    private final TrainingRequestValidator trainingValidator;
    private final List<String> problems = new ArrayList<>();

    ParameterSpecCheck(SweepRequest request, ParameterSpec spec, TrainingRequestValidator trainingValidator) {
        this.request = request;
        this.spec = spec;
        this.trainingValidator = trainingValidator;
    }

    List<String> problems() {
        String where = "space[" + spec.getName() + "]";
        Optional<TunableParameter> parameter = TunableParameter.byFieldName(spec.getName());
        if (parameter.isEmpty()) {
            problems.add(where + ": unknown parameter; searchable are " + TunableParameter.fieldNames());
        } else if (spec.getKind() == null) {
            problems.add(where + ".kind is required (LOG_UNIFORM, UNIFORM, CHOICE or GRID)");
        } else if (spec.getKind() == ParameterKind.CHOICE || spec.getKind() == ParameterKind.GRID) {
            values(where, parameter.get());
        } else {
            range(where, parameter.get());
        }
        return problems;
    }

    private void values(String where, TunableParameter p) {
        List<String> values = spec.getValues() == null ? List.of() : spec.getValues();
        if (values.isEmpty()) {
            problems.add(where + ": " + spec.getKind() + " needs at least one value");
            return;
        }
        if (values.stream().distinct().count() < values.size()) {
            problems.add(where + ": values repeat: " + values);
        }
        for (String value : values) {
            Optional<String> unreadable = p.parseProblem(value);
            if (unreadable.isPresent()) {
                problems.add(where + ": " + unreadable.get());
            } else {
                trial(where + " value " + value, p, value);
            }
        }
    }

    private void range(String where, TunableParameter p) {
        Double low = spec.getLow();
        Double high = spec.getHigh();
        if (!p.type().isNumeric()) {
            problems.add(where + ": " + spec.getKind() + " needs a numeric parameter; use CHOICE or GRID values");
        } else if (low == null || high == null || !Double.isFinite(low) || !Double.isFinite(high)) {
            problems.add(where + ": " + spec.getKind() + " needs finite low and high, got: " + low + ", " + high);
        } else if (low >= high) {
            problems.add(where + ": low (" + low + ") must be < high (" + high + ")");
        } else if (spec.getKind() == ParameterKind.LOG_UNIFORM && low <= 0) {
            problems.add(where + ": LOG_UNIFORM needs low > 0, got: " + low);
        } else if (p.type() == TunableParameter.ValueType.INT && Math.ceil(low) > Math.floor(high)) {
            problems.add(where + ": [" + low + ", " + high + ") holds no integer");
        } else {
            trial(where + " low " + low, p, p.format(low, low, high));
            trial(where + " high " + high, p, p.format(Math.nextDown(high), low, high));
        }
    }

    /** What the trainer would say about a trial with this one value. */
    private void trial(String where, TunableParameter p, String value) {
        trainingValidator.problems(TrialRequests.trialRequest(request, 0, Map.of(p.fieldName(), value))).stream()
                .filter(problem -> problem.contains(p.fieldName()))
                .forEach(problem -> problems.add(where + ": " + problem));
    }
}
