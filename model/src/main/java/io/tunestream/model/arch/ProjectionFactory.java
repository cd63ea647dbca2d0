package io.tunestream.model.arch;

/**
 * The hook through which architectures build every linear projection. The default builds a
 * plain {@link Projection}; a caller may substitute its own subclass by module path.
 */
@FunctionalInterface
public interface ProjectionFactory {

    /** Plain projections. */
    ProjectionFactory DEFAULT = Projection::new;

    /**
     * @param path module path
     * @param in input width
     * @param out output width
     * @param bias whether a bias exists
     * @param layout how the weight is stored ([out, in] Linear or [in, out] Conv1D)
     * @return the projection
     */
    Projection create(String path, int in, int out, boolean bias, Projection.Layout layout);

    /** @return an {@code nn.Linear}-layout projection ([out, in] weight) */
    default Projection create(String path, int in, int out, boolean bias) {
        return create(path, in, out, bias, Projection.Layout.OUT_IN);
    }
}
