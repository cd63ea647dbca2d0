package io.tunestream.model.arch;

/** A transformer layer whose attention and feed-forward outputs accept a {@link SublayerHook}. */
public interface AdaptableLayer {

    /** Where a hook sits. */
    enum Site {
        /** after the attention output projection */
        ATTENTION,
        /** after the feed-forward output projection */
        FEED_FORWARD
    }

    /** @return the layer's module path, e.g. {@code encoder.layer.3} */
    String path();

    /**
     * @param site where the hook goes
     * @param hook the hook; if it is a DJL block it becomes a child of the layer
     */
    void attachHook(Site site, SublayerHook hook);
}
