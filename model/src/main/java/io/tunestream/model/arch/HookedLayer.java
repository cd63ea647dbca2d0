package io.tunestream.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;

/**
 * What every {@link AdaptableLayer} (BERT, LLaMA, GPT-2) shares: its module path and the hooks (adapters) after its
 * attention and feed-forward sublayers, which become child blocks when they are blocks.
 */
public abstract class HookedLayer extends ModuleBlock implements AdaptableLayer {

    private final String path;
    private SublayerHook attentionHook;
    private SublayerHook feedForwardHook;

    /** @param path module path, e.g. {@code model.layers.0} */
    protected HookedLayer(String path) {
        this.path = path;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public void attachHook(Site site, SublayerHook hook) {
        if (site == Site.ATTENTION) {
            attentionHook = hook;
        } else {
            feedForwardHook = hook;
        }
        if (hook instanceof Block block) {
            attachChild(site == Site.ATTENTION ? "attention_adapter" : "output_adapter", block);
        }
    }

    /**
     * @param site which sublayer's output {@code x} is
     * @param x that output
     * @param training whether dropout is active
     * @return {@code x} through the site's hook, or {@code x} itself when none is attached
     */
    protected NDArray hooked(Site site, NDArray x, boolean training) {
        SublayerHook hook = site == Site.ATTENTION ? attentionHook : feedForwardHook;
        return hook == null ? x : hook.apply(x, training);
    }
}
