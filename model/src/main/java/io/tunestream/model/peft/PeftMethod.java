package io.tunestream.model.peft;

import io.tunestream.model.arch.Backbone;
import io.tunestream.model.arch.ParameterTree;
import io.tunestream.model.arch.Projection;
import io.tunestream.model.arch.TensorSlot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fine-tuning method applied to a backbone: which tensors train (the method's own, or base
 * tensors unfrozen for full fine-tuning), LoRA merge/unmerge.
 */
public final class PeftMethod {

    private final MethodConfig config;
    private final Backbone backbone;

    PeftMethod(MethodConfig config, Backbone backbone) {
        this.config = config;
        this.backbone = backbone;
    }

    /** @return the configuration */
    public MethodConfig config() {
        return config;
    }

    /** @return the adapted backbone */
    public Backbone backbone() {
        return backbone;
    }

    /** @return every trainable tensor of the backbone (including method tensors) by name */
    public Map<String, TensorSlot> trainableSlots() {
        Map<String, TensorSlot> out = new LinkedHashMap<>();
        backbone.slots().forEach((name, slot) -> {
            if (slot.trainable()) {
                out.put(name, slot);
            }
        });
        return out;
    }

    /** @return every frozen tensor of the backbone by name */
    public Map<String, TensorSlot> frozenSlots() {
        Map<String, TensorSlot> out = new LinkedHashMap<>(backbone.slots());
        out.values().removeIf(TensorSlot::trainable);
        return out;
    }

    /** @return number of trainable scalars in the backbone */
    public long trainableParameterCount() {
        return ParameterTree.trainableCount(backbone.slots());
    }

    /** @return LoRA-wrapped projections by module path (empty for other methods) */
    public Map<String, Projection> loraProjections() {
        Map<String, Projection> out = new LinkedHashMap<>(backbone.projections());
        out.values().removeIf(p -> !(p.delta() instanceof LoraLinear));
        return out;
    }

    /** Folds every LoRA delta into its base weight (faster inference; base changes). */
    public void merge() {
        loraProjections().values().forEach(Projection::merge);
    }

    /** Reverses {@link #merge()}. */
    public void unmerge() {
        loraProjections().values().forEach(Projection::unmerge);
    }
}
