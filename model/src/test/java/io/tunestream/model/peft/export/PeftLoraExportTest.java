package io.tunestream.model.peft.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tunestream.model.safetensors.SafetensorsDtype;
import io.tunestream.model.safetensors.SafetensorsHeader;
import io.tunestream.model.safetensors.SafetensorsReader;
import io.tunestream.model.safetensors.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks against PEFT's documented checkpoint rules (developer_guides/checkpoint.md). */
class PeftLoraExportTest {

    private static final int RANK = 4;
    private static final int HIDDEN = 12;

    @TempDir
    Path dir;
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** LoRA on query and value of two BERT layers, named as LoraLinear names its parameters. */
    private Map<String, NDArray> bertLoraParameters() {
        Map<String, NDArray> named = new LinkedHashMap<>();
        for (int layer = 0; layer < 2; layer++) {
            for (String module : List.of("query", "value")) {
                String path = "encoder.layer." + layer + ".attention.self." + module;
                named.put(path + ".lora_A.weight", manager.randomNormal(new Shape(RANK, HIDDEN)));
                named.put(path + ".lora_B.weight", manager.randomNormal(new Shape(HIDDEN, RANK)));
            }
        }
        return named;
    }

    private static PeftLoraConfig config(List<String> modulesToSave) {
        return new PeftLoraConfig(RANK, 16, 0.1, List.of("query", "value"),
                "sentence-transformers/all-MiniLM-L6-v2", "FEATURE_EXTRACTION", modulesToSave);
    }

    @Test
    void shouldUsePeftKeyNamesAndShapesWhenExportingBertLora() throws Exception {
        // Given LoRA weights of 2 layers x {query, value}
        Map<String, LoraWeights> modules = LoraWeights.byModule(bertLoraParameters());

        // When exported
        PeftLoraExport.write(dir, config(List.of()), modules, Map.of());

        // Then: base_model.model.<path>.lora_{A,B}.weight, A [r, in], B [out, r], F32, format=pt
        SafetensorsHeader header = SafetensorsReader.header(dir.resolve(PeftLoraExport.WEIGHTS_FILE));
        List<String> expected = new ArrayList<>();
        for (int layer = 0; layer < 2; layer++) {
            for (String module : List.of("query", "value")) {
                for (String matrix : List.of("lora_A", "lora_B")) {
                    expected.add("base_model.model.encoder.layer." + layer + ".attention.self." + module + "." + matrix + ".weight");
                }
            }
        }
        assertThat(header.tensors().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        for (TensorInfo info : header.tensors().values()) {
            long[] shape = info.name().contains("lora_A") ? new long[] {RANK, HIDDEN} : new long[] {HIDDEN, RANK};
            assertThat(info.shape()).as(info.name()).containsExactly(shape);
            assertThat(info.dtype()).isEqualTo(SafetensorsDtype.F32);
        }
        assertThat(header.metadata()).containsExactly(Map.entry("format", "pt"));
    }

    @Test
    void shouldWriteLoraConfigWhenExporting() throws Exception {
        // Given / When
        PeftLoraExport.write(dir, config(List.of()), LoraWeights.byModule(bertLoraParameters()), Map.of());

        // Then adapter_config.json carries PEFT's LoraConfig fields
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve(PeftLoraExport.CONFIG_FILE))).getAsJsonObject();
        assertThat(json.get("peft_type").getAsString()).isEqualTo("LORA");
        assertThat(json.get("task_type").getAsString()).isEqualTo("FEATURE_EXTRACTION");
        assertThat(json.get("r").getAsInt()).isEqualTo(RANK);
        assertThat(json.get("lora_alpha").toString()).isEqualTo("16");
        assertThat(json.get("lora_dropout").getAsDouble()).isEqualTo(0.1);
        assertThat(json.getAsJsonArray("target_modules").toString()).isEqualTo("[\"query\",\"value\"]");
        assertThat(json.get("base_model_name_or_path").getAsString()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
        assertThat(json.get("bias").getAsString()).isEqualTo("none");
        assertThat(json.get("fan_in_fan_out").getAsBoolean()).isFalse();
        assertThat(json.get("inference_mode").getAsBoolean()).isTrue();
        assertThat(json.get("modules_to_save").isJsonNull()).isTrue();
    }

    @Test
    void shouldReadBackIdenticalWeightsAndConfigWhenRoundTripped() throws Exception {
        // Given an export with a classifier head in modules_to_save
        Map<String, NDArray> parameters = bertLoraParameters();
        NDArray classifier = manager.randomNormal(new Shape(2, HIDDEN));
        PeftLoraExport.write(dir, config(List.of("classifier")), LoraWeights.byModule(parameters),
                Map.of("classifier.weight", classifier));

        // When read back
        PeftLoraExport.PeftLoraAdapter adapter = PeftLoraExport.read(dir, manager);

        // Then every matrix is bit-identical, the head is there under its own name, config equal
        assertThat(adapter.config()).isEqualTo(config(List.of("classifier")));
        assertThat(adapter.modules()).hasSize(4);
        adapter.modules().forEach((path, weights) -> {
            assertThat(weights.a().toFloatArray()).containsExactly(parameters.get(path + ".lora_A.weight").toFloatArray());
            assertThat(weights.b().toFloatArray()).containsExactly(parameters.get(path + ".lora_B.weight").toFloatArray());
        });
        assertThat(adapter.savedModuleTensors()).containsOnlyKeys("classifier.weight");
        assertThat(adapter.savedModuleTensors().get("classifier.weight").toFloatArray()).containsExactly(classifier.toFloatArray());
        assertThat(SafetensorsReader.header(dir.resolve(PeftLoraExport.WEIGHTS_FILE)).tensors())
                .containsKey("base_model.model.classifier.weight");
    }

    @Test
    void shouldKeepFanInFanOutWhenConv1dAdapterIsRoundTripped() throws Exception {
        // Given a GPT-2 style adapter: c_attn targets with fan_in_fan_out, A [r, in], B [out, r]
        PeftLoraConfig config = new PeftLoraConfig(RANK, 8, 0, List.of("c_attn"), "openai-community/gpt2", "CAUSAL_LM",
                List.of(), true);
        Map<String, LoraWeights> modules = Map.of("transformer.h.0.attn.c_attn",
                new LoraWeights(manager.zeros(new Shape(RANK, HIDDEN)), manager.zeros(new Shape(3 * HIDDEN, RANK))));

        // When written and read back
        PeftLoraExport.write(dir, config, modules, Map.of());
        PeftLoraExport.PeftLoraAdapter adapter = PeftLoraExport.read(dir, manager);

        // Then
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve(PeftLoraExport.CONFIG_FILE))).getAsJsonObject();
        assertThat(json.get("fan_in_fan_out").getAsBoolean()).isTrue();
        assertThat(adapter.config()).isEqualTo(config);
        assertThat(SafetensorsReader.header(dir.resolve(PeftLoraExport.WEIGHTS_FILE)).tensors())
                .containsKey("base_model.model.transformer.h.0.attn.c_attn.lora_A.weight");
    }

    @Test
    void shouldRefuseModuleWhenTargetModulesDoNotCoverIt() {
        Map<String, LoraWeights> modules = Map.of("encoder.layer.0.attention.self.key",
                new LoraWeights(manager.zeros(new Shape(RANK, HIDDEN)), manager.zeros(new Shape(HIDDEN, RANK))));
        assertThatThrownBy(() -> PeftLoraExport.write(dir, config(List.of()), modules, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target_modules");
    }

    @Test
    void shouldRefuseWeightsWhenLaidOutInFeaturesFirst() {
        // Given A stored [in, r] instead of torch's [r, in]
        Map<String, LoraWeights> modules = Map.of("encoder.layer.0.attention.self.query",
                new LoraWeights(manager.zeros(new Shape(HIDDEN, RANK)), manager.zeros(new Shape(HIDDEN, RANK))));

        // When / Then
        assertThatThrownBy(() -> PeftLoraExport.write(dir, config(List.of()), modules, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[r=4, in]");
    }

    @Test
    void shouldRefuseHalfPairWhenGroupingParameters() {
        Map<String, NDArray> named = Map.of("encoder.layer.0.attention.self.query.lora_A.weight", manager.zeros(new Shape(RANK, HIDDEN)));
        assertThatThrownBy(() -> LoraWeights.byModule(named)).hasMessageContaining("no .lora_B.weight");
    }

    @Test
    void shouldMatchPeftSuffixRuleWhenCheckingTargets() {
        PeftLoraConfig config = config(List.of());
        assertThat(config.targets("encoder.layer.3.attention.self.query")).isTrue();
        assertThat(config.targets("value")).isTrue();
        assertThat(config.targets("encoder.layer.3.attention.self.query_proj")).isFalse();
        assertThat(config.targets("encoder.layer.3.attention.self.key")).isFalse();
    }
}
