package io.tunestream.trainer.recipe;

import io.tunestream.schemas.SealConfig;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * What the recipe trigger needs of a prepared dataset version's seal.
 *
 * @param datasetId the dataset id
 * @param version the dataset version
 * @param config the seal's per-dataset settings ({@code recipe}, {@code task}, ...)
 * @param sealedAt when augment produced the seal (becomes the requests' {@code requestedAt}, so a seal seen twice
 *     makes identical requests)
 */
public record PreparedSeal(String datasetId, String version, Map<String, String> config, Instant sealedAt) {

    /** Seal config key of the dataset's task. */
    static final String TASK_KEY = SealConfig.TASK;

    public PreparedSeal {
        config = Map.copyOf(config);
    }

    /** @return the dataset's task as the seal names it (classification when absent), upper case like the Task enum */
    String task() {
        return config.getOrDefault(TASK_KEY, "classification").toUpperCase(Locale.ROOT);
    }

    /** @return {@code datasetId@version} */
    String name() {
        return datasetId + "@" + version;
    }
}
