package io.tunestream.trainer.messaging;

import io.tunestream.events.DatasetEvent;
import io.tunestream.events.DatasetRecord;
import io.tunestream.events.Split;
import io.tunestream.stage.DatasetUnavailableException;
import io.tunestream.stage.SealedDatasetReader;
import io.tunestream.trainer.domain.Example;
import io.tunestream.trainer.domain.FailureReason;
import io.tunestream.trainer.domain.JobFailedException;
import io.tunestream.trainer.domain.PreparedDataset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads one sealed dataset version from the prepared topic, seeking to it through the dataset index (see
 * {@link SealedDatasetReader}: completeness is
 * checked against the seal) and keeps what training needs: TRAIN (and records without a split) trains,
 * VALIDATION evaluates, TEST is left to the evaluator. A record keeps its text, label, score and, for causal LM,
 * prompt and completion. A version a data stage refused fails the job at once with the stage's reason (its REJECTED
 * report); an unknown or incomplete dataset fails it after the wait.
 */
public final class DatasetMaterializer {

    private final SealedDatasetReader reader;
    private final StageRejections rejections;

    DatasetMaterializer(Supplier<KafkaConsumer<String, DatasetEvent>> consumers, SealedDatasetReader.IndexLookup index,
            String topic, Duration deadline, StageRejections rejections) {
        this.reader = new SealedDatasetReader(consumers, index, topic, deadline);
        this.rejections = rejections;
    }

    /**
     * @return the dataset's train and validation splits
     * @throws JobFailedException DATASET_REJECTED (a data stage refused the version: at once, with its reason),
     *     UNKNOWN_DATASET or INCOMPLETE_DATASET
     */
    public PreparedDataset materialize(String datasetId, String version) {
        failIfRejected(datasetId, version);
        SealedDatasetReader.SealedDataset sealed;
        try {
            sealed = reader.read(datasetId, version, r -> r.getSplit() != Split.TEST);
        } catch (DatasetUnavailableException e) {
            // refused while this job waited for it: say so, with the stage's reason, rather than "unknown"
            failIfRejected(datasetId, version);
            throw new JobFailedException(e.kind() == DatasetUnavailableException.Kind.UNKNOWN
                    ? FailureReason.UNKNOWN_DATASET : FailureReason.INCOMPLETE_DATASET, e.getMessage());
        }
        List<Example> train = new ArrayList<>();
        List<Example> validation = new ArrayList<>();
        for (DatasetRecord record : sealed.records()) {
            Example example = new Example(record.getText(), record.getLabel(), record.getScore(), record.getPrompt(),
                    record.getCompletion());
            (record.getSplit() == Split.VALIDATION ? validation : train).add(example);
        }
        return new PreparedDataset(datasetId, version, train, validation, Map.copyOf(sealed.seal().getConfig()));
    }

    private void failIfRejected(String datasetId, String version) {
        rejections.of(datasetId, version).ifPresent(report -> {
            throw new JobFailedException(FailureReason.DATASET_REJECTED, report.getStage() + " rejected " + datasetId
                    + "@" + version + ": " + report.getMessage());
        });
    }
}
