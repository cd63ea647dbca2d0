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
     * @return the projection
     */
    Projection create(String path, int in, int out, boolean bias);
}
