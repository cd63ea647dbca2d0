package io.tunestream.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The MatMul weights of an ONNX graph are named by following the graph, whatever the nodes are called. */
class OnnxInitializersTest {

    @Test
    void shouldNameAnonymousMatMulWeightByTheBiasItsOutputIsAddedToWhenNodesHaveNoScope() {
        // Given a graph whose nodes carry no module path (as some exporters write them)
        GraphProto graph = GraphProto.newBuilder()
                .addInitializer(floats("onnx::MatMul_7", 2, 3, 1, 2, 3, 4, 5, 6))
                .addInitializer(floats("encoder.layer.0.attention.self.query.bias", 3, 0, 0, 0, 0))
                .addNode(node("MatMul_12", "MatMul", "x", "onnx::MatMul_7", "t12"))
                .addNode(node("Add_13", "Add", "encoder.layer.0.attention.self.query.bias", "t12", "t13"))
                .build();
        // When
        Map<String, OnnxInitializers.HostTensor> tensors = OnnxInitializers.readHost(graph, "test.onnx");
        // Then: named after the bias, transposed from [in, out] = [2, 3] to [out, in]
        OnnxInitializers.HostTensor weight = tensors.get("encoder.layer.0.attention.self.query.weight");
        assertThat(weight.shape().getShape()).containsExactly(3, 2);
        assertThat(weight.values()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(tensors).containsOnlyKeys("encoder.layer.0.attention.self.query.weight",
                "encoder.layer.0.attention.self.query.bias");
    }

    @Test
    void shouldNameBiasFreeMatMulWeightByItsNodeScopeWhenNoBiasFollows() {
        // Given an optimum-style node name and no Add after it
        GraphProto graph = GraphProto.newBuilder()
                .addInitializer(floats("onnx::MatMul_9", 1, 2, 1, 2))
                .addNode(node("/encoder/layer.3/output/dense/MatMul", "MatMul", "x", "onnx::MatMul_9", "y"))
                .build();
        // When
        Map<String, OnnxInitializers.HostTensor> tensors = OnnxInitializers.readHost(graph, "test.onnx");
        // Then
        assertThat(tensors).containsOnlyKeys("encoder.layer.3.output.dense.weight");
    }

    @Test
    void shouldRefuseMatMulWeightWhenNeitherBiasNorScopeNamesIt() {
        // Given
        GraphProto graph = GraphProto.newBuilder()
                .addInitializer(floats("onnx::MatMul_9", 1, 2, 1, 2))
                .addNode(node("MatMul_3", "MatMul", "x", "onnx::MatMul_9", "y"))
                .build();
        // When / Then
        assertThatThrownBy(() -> OnnxInitializers.readHost(graph, "odd.onnx"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot name MatMul weight onnx::MatMul_9 of odd.onnx");
    }

    private static TensorProto floats(String name, long rows, long cols, float... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        if (cols == 0) {
            t.addDims(rows);
        } else {
            t.addDims(rows).addDims(cols);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    private static NodeProto node(String name, String op, String a, String b, String out) {
        return NodeProto.newBuilder().setName(name).setOpType(op).addInput(a).addInput(b).addOutput(out).build();
    }
}
