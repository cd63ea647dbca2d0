package io.tunestream.trainer.domain;

import ai.djl.ndarray.NDArray;
import io.tunestream.events.TrainingRequest;
import io.tunestream.model.arch.Ops;
import java.util.List;

/**
 * The loss of a regression head, as PyTorch defines it with mean reduction: {@code mse} ({@code nn.MSELoss}) or
 * {@code huber} ({@code nn.HuberLoss(delta)}: {@code 0.5 d^2} for {@code |d| <= delta}, {@code delta (|d| - 0.5
 * delta)} beyond, so a few far-off targets pull less than with MSE). Written with array constants only: scalar ops
 * inside a training graph read freed buffers on DJL 0.36.
 *
 * @param name  {@code mse} or {@code huber}
 * @param delta the Huber threshold (unused for MSE)
 */
public record RegressionLoss(String name, double delta) {

    /** The names a request may give. */
    public static final List<String> NAMES = List.of("mse", "huber");

    /** The loss a request asks for: its {@code regressionLoss} ({@code mse} when null) and {@code huberDelta} (1.0). */
    public static RegressionLoss of(TrainingRequest request) {
        String name = request.getHyperParameters().getRegressionLoss();
        Double delta = request.getHyperParameters().getHuberDelta();
        return new RegressionLoss(name == null ? "mse" : name, delta == null ? 1.0 : delta);
    }

    /**
     * @param predictions [B, 1] or [B]
     * @param targets [B]
     * @return the scalar mean loss, in the graph
     */
    public NDArray apply(NDArray predictions, NDArray targets) {
        NDArray diff = predictions.reshape(-1).sub(targets.toType(predictions.getDataType(), false).reshape(-1));
        if (!name.equals("huber")) {
            return diff.square().mean();
        }
        NDArray abs = diff.abs();
        NDArray quadratic = abs.minimum(Ops.scalar(abs, delta));
        NDArray linear = abs.sub(quadratic);
        return quadratic.square().mul(Ops.scalar(abs, 0.5)).add(linear.mul(Ops.scalar(abs, delta))).mean();
    }
}
