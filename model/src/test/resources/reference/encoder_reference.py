#!/usr/bin/python3
"""Plain-torch forward of a BERT-family encoder checkpoint, transcribing Hugging Face's modeling_bert /
modeling_roberta (eager attention, extended mask (1 - mask) * finfo.min, GELU erf, post-LayerNorm;
RoBERTa and XLM-RoBERTa positions from create_position_ids_from_input_ids: cumsum(ids != pad) * (ids != pad)
+ pad) and modeling_distilbert (q / sqrt(d) before q k^T, masked_fill with finfo.min where mask == 0,
sa_layer_norm, ffn.lin1 / lin2, output_layer_norm, positions 0..L-1, no token types, LayerNorm eps 1e-12),
to cross-check io.tunestream.model.arch.BertEncoder for every EncoderFamily.

A sequence-classification head is applied on top the way io.tunestream.model.head.SequenceHead is specified:
CLS (row 0) or masked mean pooling, then classifier.weight / classifier.bias from head_file.
A PEFT LoRA adapter (peft_dir) is merged into the weights as PEFT's merge_and_unload does (W += B A * alpha / r).

usage: encoder_reference.py REQUEST_JSON -> prints {"hidden": [...], "logits": [...]}
request keys: model_dir, ids, mask, types, pooling (CLS | MEAN), head_file; optional peft_dir.
"""
import json
import math
import struct
import sys

import torch

PREFIXES = {"bert": "bert.", "roberta": "roberta.", "xlm-roberta": "roberta.", "distilbert": "distilbert."}


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", info["dtype"]
        start, end = info["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[start:end]), dtype=torch.float32).reshape(info["shape"])
    return out


def linear(x, w, name):
    return torch.nn.functional.linear(x, w[name + ".weight"], w[name + ".bias"])


def layer_norm(x, w, name, eps):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), w[name + ".weight"], w[name + ".bias"], eps)


def merge_peft(w, peft_dir):
    cfg = json.load(open(f"{peft_dir}/adapter_config.json"))
    assert cfg["peft_type"] == "LORA", cfg
    scaling = cfg["lora_alpha"] / cfg["r"]
    tensors = read_safetensors(f"{peft_dir}/adapter_model.safetensors")
    for key, a in tensors.items():
        if not key.endswith(".lora_A.weight"):
            continue
        assert key.startswith("base_model.model."), key
        module = key[len("base_model.model."):-len(".lora_A.weight")]
        assert module + ".weight" in w, module
        w[module + ".weight"] = w[module + ".weight"] + (tensors[key.replace(".lora_A.", ".lora_B.")] @ a) * scaling


def bert(cfg, w, ids, mask, types):
    h, nh = cfg["hidden_size"], cfg["num_attention_heads"]
    eps = cfg.get("layer_norm_eps", 1e-12)
    dh = h // nh
    b, s = ids.shape
    if cfg["model_type"] in ("roberta", "xlm-roberta"):
        pad = cfg["pad_token_id"]
        m = ids.ne(pad).int()
        positions = (torch.cumsum(m, dim=1).type_as(m) * m).long() + pad
    else:
        positions = torch.arange(s).expand(b, s)
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.token_type_embeddings.weight"][types]
    x = x + w["embeddings.position_embeddings.weight"][positions]
    x = layer_norm(x, w, "embeddings.LayerNorm", eps)
    extended = (1.0 - mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min

    def heads(t):
        return t.view(b, s, nh, dh).permute(0, 2, 1, 3)

    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        q = heads(linear(x, w, p + "attention.self.query"))
        k = heads(linear(x, w, p + "attention.self.key"))
        v = heads(linear(x, w, p + "attention.self.value"))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(dh) + extended
        context = torch.matmul(torch.softmax(scores, dim=-1), v).permute(0, 2, 1, 3).reshape(b, s, h)
        attended = layer_norm(linear(context, w, p + "attention.output.dense") + x, w, p + "attention.output.LayerNorm", eps)
        inner = torch.nn.functional.gelu(linear(attended, w, p + "intermediate.dense"))
        x = layer_norm(linear(inner, w, p + "output.dense") + attended, w, p + "output.LayerNorm", eps)
    return x


def distilbert(cfg, w, ids, mask):
    h, nh = cfg["dim"], cfg["n_heads"]
    dh = h // nh
    b, s = ids.shape
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][torch.arange(s)][None]
    x = layer_norm(x, w, "embeddings.LayerNorm", 1e-12)
    masked = (mask == 0).view(b, 1, 1, s)

    def heads(t):
        return t.view(b, -1, nh, dh).transpose(1, 2)

    for i in range(cfg["n_layers"]):
        p = f"transformer.layer.{i}."
        q = heads(linear(x, w, p + "attention.q_lin")) / math.sqrt(dh)
        k = heads(linear(x, w, p + "attention.k_lin"))
        v = heads(linear(x, w, p + "attention.v_lin"))
        scores = torch.matmul(q, k.transpose(2, 3))
        scores = scores.masked_fill(masked.expand_as(scores), torch.tensor(torch.finfo(scores.dtype).min))
        context = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(b, -1, h)
        sa = layer_norm(linear(context, w, p + "attention.out_lin") + x, w, p + "sa_layer_norm", 1e-12)
        ffn = linear(torch.nn.functional.gelu(linear(sa, w, p + "ffn.lin1")), w, p + "ffn.lin2")
        x = layer_norm(ffn + sa, w, p + "output_layer_norm", 1e-12)
    return x


def main():
    request = json.load(open(sys.argv[1]))
    model_dir = request["model_dir"]
    cfg = json.load(open(f"{model_dir}/config.json"))
    w = read_safetensors(f"{model_dir}/model.safetensors")
    prefix = PREFIXES[cfg["model_type"]]
    w = {k[len(prefix):] if k.startswith(prefix) else k: v for k, v in w.items()}
    if request.get("peft_dir"):
        merge_peft(w, request["peft_dir"])
    ids = torch.tensor(request["ids"], dtype=torch.long)
    mask = torch.tensor(request["mask"], dtype=torch.long)
    with torch.no_grad():
        if cfg["model_type"] == "distilbert":
            hidden = distilbert(cfg, w, ids, mask)
        else:
            hidden = bert(cfg, w, ids, mask, torch.tensor(request["types"], dtype=torch.long))
        if request["pooling"] == "CLS":
            pooled = hidden[:, 0]
        else:
            m = mask[:, :, None].to(torch.float32)
            pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
        head = read_safetensors(request["head_file"])
        logits = torch.nn.functional.linear(pooled, head["classifier.weight"], head["classifier.bias"])
    print(json.dumps({"hidden": hidden.flatten().tolist(), "logits": logits.flatten().tolist()}))


if __name__ == "__main__":
    main()
