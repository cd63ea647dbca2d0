package io.tunestream.trainer.sweep;

import io.tunestream.events.SweepRequest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of each trial, a pure function of (seed, trial index): a restarted controller, or anyone replaying
 * a sweep, gets the same parameters for the same trial.
 *
 * <p>Trial {@code i} takes grid point {@code i mod gridSize} (see {@link SearchSpace}); every other parameter is
 * drawn from its own SplitMix64 value keyed by (seed, i, the parameter's position in the space), so adding a
 * parameter at the end of a space does not change the others' draws. With {@code u} uniform in [0, 1):
 * UNIFORM is {@code low + u (high - low)}, LOG_UNIFORM is {@code low (high/low)^u}, CHOICE is
 * {@code values[floor(u n)]}; integer fields are then rounded (and kept within [ceil(low), floor(high)]).
 */
public final class ParameterSampler {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final SearchSpace space;
    private final long seed;

    /**
     * @param space the space
     * @param seed  the sweep's seed
     */
    public ParameterSampler(SearchSpace space, long seed) {
        this.space = space;
        this.seed = seed;
    }

    /** The sampler of a request the validator accepted. */
    public static ParameterSampler of(SweepRequest request) {
        return new ParameterSampler(SearchSpace.of(request), request.getSeed());
    }

    /**
     * @param trialIndex 0-based trial index
     * @return field name to value, in space order
     */
    public Map<String, String> paramsFor(int trialIndex) {
        if (trialIndex < 0) {
            throw new IllegalArgumentException("trial index must be >= 0, got " + trialIndex);
        }
        Map<String, String> grid = space.gridPoint(trialIndex % space.gridSize());
        Map<String, String> params = new LinkedHashMap<>();
        for (int position = 0; position < space.dimensions().size(); position++) {
            SearchSpace.Dimension d = space.dimensions().get(position);
            String name = d.parameter().fieldName();
            params.put(name, grid.containsKey(name) ? grid.get(name) : sample(d, unit(trialIndex, position)));
        }
        return params;
    }

    private static String sample(SearchSpace.Dimension d, double u) {
        return switch (d.kind()) {
            case UNIFORM -> d.parameter().format(below(d.low() + u * (d.high() - d.low()), d.high()), d.low(), d.high());
            case LOG_UNIFORM -> d.parameter().format(
                    below(d.low() * Math.exp(u * Math.log(d.high() / d.low())), d.high()), d.low(), d.high());
            case CHOICE, GRID -> d.values().get(Math.min(d.values().size() - 1, (int) (u * d.values().size())));
        };
    }

    /** Rounding in exp/multiply may land on the excluded upper bound. */
    private static double below(double v, double high) {
        return v < high ? v : Math.nextDown(high);
    }

    /** Uniform in [0, 1) from (seed, trial, position). */
    double unit(int trialIndex, int position) {
        long h = mix64(seed * GOLDEN + trialIndex);
        h = mix64(h + (position + 1L) * GOLDEN);
        return (h >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014). */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
