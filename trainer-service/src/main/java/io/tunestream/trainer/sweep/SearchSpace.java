package io.tunestream.trainer.sweep;

import io.tunestream.events.ParameterKind;
import io.tunestream.events.ParameterSpec;
import io.tunestream.events.SearchAlgorithm;
import io.tunestream.events.SweepRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep's search space, read from a request that {@link SweepRequestValidator} accepted: the parameters in the
 * order of the request's {@code space}, split into grid axes (enumerated) and sampled dimensions.
 *
 * <p>Grid axes are the GRID parameters, and under algorithm GRID the CHOICE parameters too (their values are
 * enumerated like a grid). The grid is the cartesian product of the axes in space order, the last axis varying
 * fastest (like nested loops, or Python's {@code itertools.product}): for {@code batchSize: [8, 16]} then
 * {@code epochs: [3, 5]} the points are (8,3), (8,5), (16,3), (16,5).
 */
public final class SearchSpace {

    /** One searched parameter. {@code low}/{@code high} are set for ranges, {@code values} for CHOICE/GRID. */
    public record Dimension(TunableParameter parameter, ParameterKind kind, double low, double high, List<String> values) {
    }

    private final List<Dimension> dimensions;
    private final List<Dimension> gridAxes;

    private SearchSpace(List<Dimension> dimensions, boolean choicesAreGrid) {
        this.dimensions = List.copyOf(dimensions);
        this.gridAxes = dimensions.stream().filter(d -> d.kind() == ParameterKind.GRID
                || choicesAreGrid && d.kind() == ParameterKind.CHOICE).toList();
    }

    /**
     * @param request a request the validator accepted
     * @return its space
     * @throws IllegalArgumentException when a parameter name is unknown (validate first)
     */
    public static SearchSpace of(SweepRequest request) {
        List<Dimension> dimensions = request.getSpace().stream().map(SearchSpace::dimension).toList();
        return new SearchSpace(dimensions, request.getAlgorithm() == SearchAlgorithm.GRID);
    }

    private static Dimension dimension(ParameterSpec spec) {
        TunableParameter parameter = TunableParameter.byFieldName(spec.getName())
                .orElseThrow(() -> new IllegalArgumentException("unknown parameter " + spec.getName()));
        double low = spec.getLow() == null ? Double.NaN : spec.getLow();
        double high = spec.getHigh() == null ? Double.NaN : spec.getHigh();
        List<String> values = spec.getValues() == null ? List.of() : List.copyOf(spec.getValues());
        return new Dimension(parameter, spec.getKind(), low, high, values);
    }

    /** Every parameter, in space order. */
    public List<Dimension> dimensions() {
        return dimensions;
    }

    /** The enumerated parameters, in space order. */
    public List<Dimension> gridAxes() {
        return gridAxes;
    }

    /** Points of the grid (1 when nothing is enumerated); saturates at {@link Long#MAX_VALUE}. */
    public long gridSize() {
        long size = 1;
        for (Dimension axis : gridAxes) {
            int n = axis.values().size();
            size = n == 0 ? 0 : size > Long.MAX_VALUE / n ? Long.MAX_VALUE : size * n;
        }
        return size;
    }

    /**
     * The values of the grid axes at a point, last axis fastest.
     *
     * @param point 0-based, below {@link #gridSize()}
     * @return field name to value, in space order
     */
    public Map<String, String> gridPoint(long point) {
        if (point < 0 || point >= gridSize()) {
            throw new IndexOutOfBoundsException("grid point " + point + " of " + gridSize());
        }
        String[] chosen = new String[gridAxes.size()];
        long rest = point;
        for (int i = gridAxes.size() - 1; i >= 0; i--) {
            List<String> values = gridAxes.get(i).values();
            chosen[i] = values.get((int) (rest % values.size()));
            rest /= values.size();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < chosen.length; i++) {
            values.put(gridAxes.get(i).parameter().fieldName(), chosen[i]);
        }
        return values;
    }
}
