package io.tunestream.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the float initializers of an ONNX export of a Hugging Face model under their HF
 * parameter names, for any BERT-family graph. Named initializers keep their names. An anonymous
 * MatMul weight ({@code onnx::MatMul_<id>}, [in, out]) is named by following the graph: the MatMul's
 * output feeds an Add whose other input is the projection's named bias ({@code
 * encoder.layer.0.attention.self.query.bias}), so the weight is that module's {@code .weight},
 * transposed to PyTorch's [out, in]. Where no such Add exists (a bias-free projection), the
 * consuming node's scope names the module ({@code /encoder/layer.0/attention/self/query/MatMul}). A
 * MatMul weight neither way names is an error, not a silent gap.
 */
public final class OnnxInitializers {

    private OnnxInitializers() {}

    /**
     * A float32 tensor on the Java heap.
     *
     * @param values row-major values
     * @param shape dimensions
     */
    public record HostTensor(float[] values, Shape shape) {
        /** @return the tensor as an NDArray owned by {@code manager} */
        public NDArray toArray(NDManager manager) {
            return manager.create(FloatBuffer.wrap(values), shape);
        }
    }

    /**
     * @param onnx the model bytes
     * @param source name of the file, for error messages
     * @param manager owner of the created arrays
     * @return float32 tensors by HF name
     */
    public static Map<String, NDArray> read(InputStream onnx, String source, NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        readHost(onnx, source).forEach((name, tensor) -> out.put(name, tensor.toArray(manager)));
        return out;
    }

    /**
     * @param onnx the model bytes
     * @param source name of the file, for error messages
     * @return float32 tensors by HF name, on the heap
     */
    public static Map<String, HostTensor> readHost(InputStream onnx, String source) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(onnx);
        } catch (IOException e) {
            throw new ModelLoadException("cannot parse ONNX model " + source, e);
        }
        return readHost(model.getGraph(), source);
    }

    /**
     * @param graph a parsed ONNX graph
     * @param source name of the file, for error messages
     * @return float32 tensors by HF name, on the heap
     * @throws ModelLoadException when an anonymous MatMul weight cannot be named
     */
    public static Map<String, HostTensor> readHost(GraphProto graph, String source) {
        Map<String, NodeProto> consumers = consumers(graph);
        Set<String> initializers = new HashSet<>();
        graph.getInitializerList().forEach(t -> initializers.add(t.getName()));
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (TensorProto tensor : graph.getInitializerList()) {
            if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
                continue; // index buffers such as embeddings.position_ids
            }
            String name = tensor.getName();
            NodeProto consumer = consumers.get(name);
            if (!name.startsWith("onnx::")) {
                out.put(name, toHost(tensor, false));
            } else if (consumer != null && "MatMul".equals(consumer.getOpType())) {
                String weight = matMulWeightName(consumer, consumers, initializers);
                if (weight == null) {
                    throw new ModelLoadException("cannot name MatMul weight " + name + " of " + source + ": node '"
                            + consumer.getName() + "' feeds no Add with a named bias and has no module scope");
                }
                out.put(weight, toHost(tensor, true));
            }
        }
        return out;
    }

    /** @return the HF name of the weight a MatMul node multiplies by, or null */
    static String matMulWeightName(NodeProto matMul, Map<String, NodeProto> consumers, Set<String> initializers) {
        NodeProto next = matMul.getOutputCount() == 0 ? null : consumers.get(matMul.getOutput(0));
        if (next != null && "Add".equals(next.getOpType())) {
            for (String input : next.getInputList()) {
                if (input.endsWith(".bias") && initializers.contains(input)) {
                    return input.substring(0, input.length() - ".bias".length()) + ".weight";
                }
            }
        }
        String module = moduleName(matMul.getName());
        return matMul.getName().startsWith("/") && !module.isEmpty() ? module + ".weight" : null;
    }

    private static Map<String, NodeProto> consumers(GraphProto graph) {
        Map<String, NodeProto> map = new HashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            for (String input : node.getInputList()) {
                map.putIfAbsent(input, node);
            }
        }
        return map;
    }

    /** {@code /encoder/layer.0/attention/self/query/MatMul} to {@code encoder.layer.0.attention.self.query}. */
    static String moduleName(String nodeName) {
        String path = nodeName.startsWith("/") ? nodeName.substring(1) : nodeName;
        int cut = path.lastIndexOf('/');
        return (cut < 0 ? path : path.substring(0, cut)).replace('/', '.');
    }

    private static HostTensor toHost(TensorProto tensor, boolean transpose) {
        long[] dims = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
        float[] values = floats(tensor);
        if (transpose && dims.length == 2) {
            values = transpose(values, (int) dims[0], (int) dims[1]);
            dims = new long[] {dims[1], dims[0]};
        }
        return new HostTensor(values, new Shape(dims));
    }

    private static float[] floats(TensorProto tensor) {
        if (!tensor.getRawData().isEmpty()) {
            ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[raw.remaining() / Float.BYTES];
            raw.asFloatBuffer().get(values);
            return values;
        }
        float[] values = new float[tensor.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloatData(i);
        }
        return values;
    }

    private static float[] transpose(float[] v, int rows, int cols) {
        float[] t = new float[v.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = v[r * cols + c];
            }
        }
        return t;
    }
}
