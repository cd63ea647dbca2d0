package io.tunestream.model.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunestream.events.Lineage;
import io.tunestream.events.Method;
import io.tunestream.events.MethodConfig;
import io.tunestream.events.Task;
import io.tunestream.model.arch.Pooling;
import io.tunestream.model.peft.MethodConfig.Lora;
import io.tunestream.model.peft.MethodConfig.PromptTuning;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

    /** Flattens a method as the trainer's LineageFactory does ({@code method.<field>} = String.valueOf). */
    static Map<String, String> flatten(MethodConfig m) {
        Map<String, String> out = new TreeMap<>();
        for (Schema.Field f : m.getSchema().getFields()) {
            Object v = m.get(f.pos());
            if (v != null) {
                out.put("method." + f.name(), String.valueOf(v));
            }
        }
        return out;
    }

    @Test
    void shouldRebuildSameMethodAndLabelsWhenReadFromFlattenedLineage() {
        // Given a LoRA request's method flattened into a lineage, with the task, labels and length
        MethodConfig lora = MethodConfig.newBuilder().setType(Method.LORA).setLoraRank(4).setLoraAlpha(8f)
                .setTargetModules(List.of("query", "key", "value")).build();
        Map<String, String> config = new TreeMap<>(flatten(lora));
        config.put(ModelSpec.TASK_KEY, "CLASSIFICATION");
        config.put(ModelSpec.LABELS_KEY, ModelSpec.encodeLabels(List.of("ham", "spam, \"quoted\"")));
        config.put(ModelSpec.MAX_LENGTH_KEY, "64");
        Lineage lineage = Lineage.newBuilder().setDatasetId("d").setDatasetVersion("1").setJobId("j")
                .setBaseModel(BaseModelReference.BUNDLED_MINILM).setConfig(config).build();
        // When
        ModelSpec spec = ModelSpec.of(lineage);
        // Then
        assertThat(spec.method()).isEqualTo(lora);
        assertThat(spec.labels()).containsExactly("ham", "spam, \"quoted\"");
        assertThat(spec.maxLength()).isEqualTo(64);
        assertThat(spec.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(EventMethods.toModel(spec.method())).isEqualTo(new Lora(4, 8f, 0.1f, List.of("query", "key", "value")));
    }

    @Test
    void shouldCarryTheRequestsPoolingWhenTheLineageRecordsOne() {
        // Given two lineages of the same job, one with the pooling a request chose
        Map<String, String> config = new TreeMap<>(flatten(MethodConfig.newBuilder().setType(Method.LORA).build()));
        config.put(ModelSpec.TASK_KEY, "CLASSIFICATION");
        config.put(ModelSpec.LABELS_KEY, ModelSpec.encodeLabels(List.of("a", "b")));
        Lineage.Builder lineage = Lineage.newBuilder().setDatasetId("d").setDatasetVersion("1").setJobId("j")
                .setBaseModel(BaseModelReference.BUNDLED_BGE_ZH);
        Map<String, String> withPooling = new TreeMap<>(config);
        withPooling.put(ModelSpec.POOLING_KEY, "MEAN");
        // When
        ModelSpec chosen = ModelSpec.of(lineage.setConfig(withPooling).build());
        ModelSpec own = ModelSpec.of(lineage.setConfig(config).build());
        // Then: the chosen one is kept; without it the base model's own applies (null here)
        assertThat(chosen.pooling()).isEqualTo(Pooling.MEAN);
        assertThat(own.pooling()).isNull();
    }

    @Test
    void shouldKeepNullInitTextOfPromptTuning() {
        MethodConfig prompt = MethodConfig.newBuilder().setType(Method.PROMPT_TUNING).setPromptLength(12).build();
        assertThat(EventMethods.toModel(EventMethods.fromLineageConfig(flatten(prompt))))
                .isEqualTo(new PromptTuning(12, null));
    }

    @Test
    void shouldRefuseLineageWithoutMethodTaskOrWithBadLabels() {
        Lineage.Builder base = Lineage.newBuilder().setDatasetId("d").setDatasetVersion("1").setJobId("j")
                .setBaseModel(BaseModelReference.BUNDLED_MINILM);
        assertThatThrownBy(() -> ModelSpec.of(base.setConfig(Map.of("method.type", "LORA")).build()))
                .hasMessageContaining("names no task");
        assertThatThrownBy(() -> ModelSpec.of(base.setConfig(Map.of("task", "CLASSIFICATION")).build()))
                .hasMessageContaining("names no method");
        assertThatThrownBy(() -> ModelSpec.of(base.setConfig(Map.of("task", "CLASSIFICATION", "method.type", "LORA",
                "labels", "ham,spam")).build())).hasMessageContaining("not a JSON array");
        assertThatThrownBy(() -> ModelSpec.of(base.setConfig(Map.of("task", "CLASSIFICATION", "method.type", "LORA",
                "labels", "[\"only\"]")).build())).hasMessageContaining("at least two labels");
        assertThatThrownBy(() -> EventMethods.fromLineageConfig(Map.of("method.type", "LORA", "method.loraRank", "x")))
                .hasMessageContaining("malformed");
    }
}
