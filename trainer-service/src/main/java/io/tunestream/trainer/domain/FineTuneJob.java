package io.tunestream.trainer.domain;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingRequest;
import io.tunestream.model.PretrainedModel;
import io.tunestream.model.TextClassifier;
import io.tunestream.model.events.EventMethods;
import io.tunestream.model.head.HeadConfig;
import java.util.List;

/**
 * Everything one fine-tuning job works with: the request, the checked dataset, the plan, and the model
 * (base + method + head) on the job's device, in a manager closed with the job.
 */
public final class FineTuneJob implements AutoCloseable {

    private final TrainingRequest request;
    private final PreparedDataset data;
    private final List<String> labels;
    private final TrainingPlan plan;
    private final NDManager manager;
    private final PretrainedModel base;
    private final TextClassifier classifier;

    private FineTuneJob(TrainingRequest request, PreparedDataset data, List<String> labels, TrainingPlan plan,
            NDManager manager, PretrainedModel base, TextClassifier classifier) {
        this.request = request;
        this.data = data;
        this.labels = labels;
        this.plan = plan;
        this.manager = manager;
        this.base = base;
        this.classifier = classifier;
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
            HeadConfig head = request.getTask() == Task.REGRESSION ? HeadConfig.regression()
                    : HeadConfig.classification(labels.size())
                            .withClassWeights(DatasetChecks.classWeights(request, data, labels));
            TextClassifier classifier = TextClassifier.create(base, EventMethods.toModel(request.getMethod()), head,
                    manager, request.getSeed());
            return new FineTuneJob(request, data, labels, plan, manager, base, classifier);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
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

    /** @return the model being trained */
    public TextClassifier classifier() {
        return classifier;
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
