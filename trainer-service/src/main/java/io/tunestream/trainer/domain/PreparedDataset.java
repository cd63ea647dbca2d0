package io.tunestream.trainer.domain;

import io.tunestream.schemas.SealConfig;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sealed train and validation splits of one dataset version, as the trainer needs them.
 *
 * @param datasetId dataset id
 * @param version dataset version
 * @param train train split
 * @param validation validation split (may be empty: then there is no evaluation)
 * @param config the seal's per-dataset settings (e.g. {@code balance=class-weights})
 */
public record PreparedDataset(String datasetId, String version, List<Example> train, List<Example> validation,
        Map<String, String> config) {

    /** Seal config key of the balance policy ({@link SealConfig#BALANCE}). */
    public static final String BALANCE_KEY = SealConfig.BALANCE;

    /** Seal config key of the class weights clean-service computed ({@link SealConfig#CLASS_WEIGHTS}). */
    public static final String CLASS_WEIGHTS_KEY = SealConfig.CLASS_WEIGHTS;

    /** Seal config key of the task the dataset was ingested for ({@link SealConfig#TASK}). */
    public static final String TASK_KEY = SealConfig.TASK;

    /** @return the task the seal declares (lower case); {@code classification} when it declares none, as ingest does */
    public String sealedTask() {
        return SealConfig.task(config);
    }

    /** @return whether the data stages asked for class weights instead of resampling */
    public boolean wantsClassWeights() {
        return SealConfig.wantsClassWeights(config);
    }

    /** @return the class weights clean-service sealed; empty for a seal written before clean sealed them */
    public Optional<Map<String, Double>> sealedClassWeights() {
        return SealConfig.classWeights(config);
    }
}
