package io.tunestream.trainer.recipe;

import io.tunestream.events.HyperParameters;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.PromotionPolicy;
import io.tunestream.events.Schedule;
import io.tunestream.events.Task;
import io.tunestream.events.TrainingRecipe;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Recipe versions for the recipe tests: a small LoRA classification recipe on the bundled MiniLM. */
final class Recipes {

    static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");

    private Recipes() {
    }

    static TrainingRecipe.Builder lora(String name, int version) {
        return TrainingRecipe.newBuilder().setName(name).setVersion(version).setDeleted(false)
                .setModelName("spam-filter").setBaseModel("bundled:all-minilm-l6-v2").setTask(Task.CLASSIFICATION)
                .setMethod(MethodConfig.newBuilder().setType(Method.LORA).setTargetModules(List.of("query", "value"))
                        .build())
                .setHyperParameters(HyperParameters.newBuilder().setSchedule(Schedule.COSINE).setMaxSteps(24).build())
                .setSeed(42).setPromotion(PromotionPolicy.CHAMPION).setBlessing(Map.of()).setFollowDatasetId(null)
                .setSweep(null).setDescription(null).setCreatedBy("tester").setCreatedAt(CREATED);
    }

    static TrainingRecipe deleted(String name, int version) {
        return lora(name, version).setDeleted(true).build();
    }
}
