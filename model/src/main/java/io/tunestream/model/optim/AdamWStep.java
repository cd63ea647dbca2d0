package io.tunestream.model.optim;

import ai.djl.ndarray.NDArray;

/** One in-place AdamW update of one tensor, in torch.optim.AdamW's order of operations. */
final class AdamWStep {

    private AdamWStep() {
    }

    /** Hyper-parameters fixed for the optimizer's life. */
    record Hyper(float beta1, float beta2, float epsilon, float rescaleGrad, float clipGrad) {
        Values at(float lr, float weightDecay, int step) {
            return new Values(this, lr, weightDecay, step);
        }
    }

    /** Everything one update needs. */
    record Values(Hyper hyper, float lr, float weightDecay, int step) {
    }

    /**
     * Updates weight, mean and variance in place; the gradient is left untouched. Runs outside any
     * gradient collector, so no autograd graph holds the scalar operands.
     */
    static void apply(NDArray weight, NDArray grad, NDArray mean, NDArray variance, Values v) {
        Hyper h = v.hyper();
        NDArray g = prepared(grad, h);
        try {
            if (v.weightDecay() != 0f) {
                weight.muli(1f - v.lr() * v.weightDecay());
            }
            mean.muli(h.beta1());
            try (NDArray part = g.mul(1f - h.beta1())) {
                mean.addi(part);
            }
            variance.muli(h.beta2());
            try (NDArray square = g.square()) {
                variance.addi(square.muli(1f - h.beta2()));
            }
            double correction1 = 1 - Math.pow(h.beta1(), v.step());
            double correction2 = 1 - Math.pow(h.beta2(), v.step());
            try (NDArray denominator = variance.sqrt()) {
                denominator.divi((float) Math.sqrt(correction2)).addi(h.epsilon());
                try (NDArray delta = mean.div(denominator)) {
                    weight.subi(delta.muli((float) (v.lr() / correction1)));
                }
            }
        } finally {
            if (g != grad) {
                g.close();
            }
        }
    }

    private static NDArray prepared(NDArray grad, Hyper h) {
        NDArray g = grad;
        if (h.rescaleGrad() != 1f) {
            g = grad.mul(h.rescaleGrad());
        }
        if (h.clipGrad() >= 0f) {
            // DJL's native update clamps only from above; a symmetric clamp is what clipping means.
            NDArray clipped = g.clip(-h.clipGrad(), h.clipGrad());
            if (g != grad) {
                g.close();
            }
            g = clipped;
        }
        return g;
    }
}
