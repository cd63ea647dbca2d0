package io.tunestream.trainer.domain;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingRequest;
import io.tunestream.model.CausalLanguageModel;
import io.tunestream.model.FineTunable;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.events.EventMethods;
import io.tunestream.model.arch.Pooling;
import io.tunestream.model.head.HeadConfig;
import io.tunestream.model.peft.MethodConfig;
import java.util.List;

/**
 * Everything one fine-tuning job works with: the request, the checked dataset, the plan, and the task's
 * {@link TrainingObjective} (a classifier or regressor head, or a causal language model, with its method) on the
 * job's device, in a manager closed with the job.
 */
public final class FineTuneJob implements AutoCloseable {

    private final TrainingRequest request;
    private final PreparedDataset data;
    private final List<String> labels;
    private final TrainingPlan plan;
    private final NDManager manager;
    private final PretrainedModel base;
    private final TrainingObjective objective;

    private FineTuneJob(TrainingRequest request, PreparedDataset data, List<String> labels, TrainingPlan plan,
            NDManager manager, PretrainedModel base, TrainingObjective objective) {
        this.request = request;
        this.data = data;
        this.labels = labels;
        this.plan = plan;
        this.manager = manager;
        this.base = base;
        this.objective = objective;
    }

    /**
     * Checks the request and the dataset, loads the base model and applies the method and head.
     *
     * @throws JobFailedException with the reason when anything does not fit
     */
    public static FineTuneJob prepare(TrainingRequest request, PreparedDataset data, BaseModels models, Device device) {
        List<String> problems = new TrainingRequestValidator(models.roots()).problems(request);
        if (!problems.isEmpty()) {
            throw new JobFailedException(FailureReason.INVALID_REQUEST, String.join("; ", problems));
        }
        List<String> labels = DatasetChecks.labels(request, data);
        TrainingPlan plan = TrainingPlan.of(request.getHyperParameters(), data.train().size());
        NDManager manager = NDManager.newBaseManager(device);
        try {
            PretrainedModel base = models.load(request.getBaseModel(), manager,
                    request.getHyperParameters().getMaxSequenceLength());
            try {
                return new FineTuneJob(request, data, labels, plan, manager, base,
                        objective(request, data, labels, base, manager));
            } catch (RuntimeException e) {
                base.close();
                throw e;
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static TrainingObjective objective(TrainingRequest request, PreparedDataset data, List<String> labels,
            PretrainedModel base, NDManager manager) {
        MethodConfig method = EventMethods.toModel(request.getMethod());
        try {
            if (request.getTask() == Task.CAUSAL_LM) {
                return new CausalLmObjective(CausalLanguageModel.create(base, method, manager, request.getSeed()));
            }
            // the request's pooling, else the base model's declared one (BGE: CLS; MiniLM and undeclared: mean), as
            // TrainedModel rebuilds it
            HeadConfig head = (request.getTask() == Task.REGRESSION ? HeadConfig.regression()
                    : HeadConfig.classification(labels.size())
                            .withClassWeights(DatasetChecks.classWeights(request, data, labels)))
                    .withPooling(request.getPooling() != null ? Pooling.valueOf(request.getPooling().name())
                            : base.pooling());
            return new ClassificationObjective(TextClassifier.create(base, method, head, manager, request.getSeed()),
                    request.getTask(), labels, RegressionLoss.of(request));
        } catch (IllegalArgumentException e) {
            // The method does not fit this base model (e.g. LoRA targets that match none of its projections).
            throw new JobFailedException(FailureReason.INVALID_REQUEST, e.getMessage(), e);
        }
    }

    /** @return the request */
    public TrainingRequest request() {
        return request;
    }

    /** @return the dataset */
    public PreparedDataset data() {
        return data;
    }

    /** @return labels in head order (empty for regression) */
    public List<String> labels() {
        return labels;
    }

    /** @return the plan */
    public TrainingPlan plan() {
        return plan;
    }

    /** @return the job's manager (on the job's device) */
    public NDManager manager() {
        return manager;
    }

    /** @return the task's loss and validation metrics */
    public TrainingObjective objective() {
        return objective;
    }

    /** @return the model being trained (a classifier or a causal language model) */
    public FineTunable model() {
        return objective.model();
    }

    /** @return whether the job runs on a GPU */
    public boolean onGpu() {
        return manager.getDevice().isGpu();
    }

    @Override
    public void close() {
        base.close();
        manager.close();
    }
}
