#!/usr/bin/python3
"""Plain-torch forward of a LLaMA-family checkpoint, transcribing Hugging Face's modeling_llama /
modeling_qwen2 (RMSNorm, rotate-half rotary, repeat_kv, causal + padding mask, SwiGLU, tied or
untied lm_head), to cross-check io.tunestream.model.arch.LlamaDecoder.

usage: llama_reference.py MODEL_DIR IDS_JSON MASK_JSON  -> prints the logits as a flat JSON list
       llama_reference.py REQUEST_JSON -> prints {"logits": [...], "loss": x, "grads": {name: [...]}}
request keys: model_dir, ids, mask; optional lora_file + lora_scaling (LoRA tensors named
<module>.lora_A.weight [r, in] / .lora_B.weight [out, r], applied as PEFT's lora.Linear:
base(x) + lora_B(lora_A(x)) * scaling, gradients reported) and prompt_tokens (per row; with it the
causal-LM loss over the non-prompt tokens is computed), peft_dir (a PEFT LoRA adapter directory merged
into the weights as PEFT's merge: W += B @ A * lora_alpha / r).
"""
import json
import struct
import sys

import torch


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
        t = torch.frombuffer(bytearray(data[start:end]), dtype=torch.float32)
        out[name] = t.reshape(info["shape"])
    return out


def rms_norm(x, w, eps):
    variance = x.pow(2).mean(-1, keepdim=True)
    return w * (x * torch.rsqrt(variance + eps))


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def merge_peft(w, peft_dir):
    cfg = json.load(open(f"{peft_dir}/adapter_config.json"))
    assert cfg["peft_type"] == "LORA" and not cfg["fan_in_fan_out"], cfg
    tensors = read_safetensors(f"{peft_dir}/adapter_model.safetensors")
    for key, a in tensors.items():
        if key.endswith(".lora_A.weight"):
            assert key.startswith("base_model.model."), key
            module = key[len("base_model.model."):-len(".lora_A.weight")]
            b = tensors[key.replace(".lora_A.", ".lora_B.")]
            w[module + ".weight"] = w[module + ".weight"] + (b @ a) * (cfg["lora_alpha"] / cfg["r"])


def forward(cfg, w, ids, mask, lora=None, scaling=0.0):
    lora = lora or {}
    h, nh, nkv = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    d, eps, b, length = h // nh, cfg["rms_norm_eps"], ids.shape[0], ids.shape[1]
    inv_freq = 1.0 / (cfg["rope_theta"] ** (torch.arange(0, d, 2).float() / d))
    freqs = torch.outer(torch.arange(length).float(), inv_freq)
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos()[None, None], emb.sin()[None, None]
    lowest = torch.finfo(torch.float32).min
    causal = torch.triu(torch.full((length, length), lowest), diagonal=1)[None, None]
    attn_mask = causal + (1.0 - mask[:, None, None, :].float()) * lowest
    x = w["model.embed_tokens.weight"][ids]
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        def lin(name, inp):
            bias = w.get(p + name + ".bias")
            out = torch.nn.functional.linear(inp, w[p + name + ".weight"], bias)
            if p + name + ".lora_A.weight" in lora:
                out = out + (inp @ lora[p + name + ".lora_A.weight"].T @ lora[p + name + ".lora_B.weight"].T) * scaling
            return out
        hs = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        q = lin("self_attn.q_proj", hs).view(b, length, nh, d).transpose(1, 2)
        k = lin("self_attn.k_proj", hs).view(b, length, nkv, d).transpose(1, 2)
        v = lin("self_attn.v_proj", hs).view(b, length, nkv, d).transpose(1, 2)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        rep = nh // nkv
        k = k[:, :, None].expand(b, nkv, rep, length, d).reshape(b, nh, length, d)
        v = v[:, :, None].expand(b, nkv, rep, length, d).reshape(b, nh, length, d)
        scores = q @ k.transpose(2, 3) / (d ** 0.5) + attn_mask
        ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, length, h)
        x = x + lin("self_attn.o_proj", ctx)
        hs = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        x = x + lin("mlp.down_proj", torch.nn.functional.silu(lin("mlp.gate_proj", hs)) * lin("mlp.up_proj", hs))
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w.get("lm_head.weight", w["model.embed_tokens.weight"])
    return x @ head.T


def causal_lm_loss(logits, ids, mask, prompt_tokens):
    target_mask = mask.clone().float()
    for row, n in enumerate(prompt_tokens):
        target_mask[row, :n] = 0
    logp = logits[:, :-1].log_softmax(-1)
    nll = -logp.gather(2, ids[:, 1:, None]).squeeze(-1)
    m = target_mask[:, 1:]
    return (nll * m).sum() / m.sum().clamp(min=1.0)


def main():
    if len(sys.argv) == 4:
        model_dir, ids, mask = sys.argv[1], torch.tensor(json.loads(sys.argv[2])), torch.tensor(json.loads(sys.argv[3]))
        cfg = json.load(open(f"{model_dir}/config.json"))
        w = read_safetensors(f"{model_dir}/model.safetensors")
        print(json.dumps(forward(cfg, w, ids, mask).flatten().tolist()))
        return
    req = json.load(open(sys.argv[1]))
    cfg = json.load(open(f"{req['model_dir']}/config.json"))
    w = read_safetensors(f"{req['model_dir']}/model.safetensors")
    if req.get("peft_dir"):
        merge_peft(w, req["peft_dir"])
    lora = {}
    if req.get("lora_file"):
        lora = {k: v.clone().requires_grad_(True) for k, v in read_safetensors(req["lora_file"]).items()
                if ".lora_" in k}
    ids, mask = torch.tensor(req["ids"]), torch.tensor(req["mask"])
    logits = forward(cfg, w, ids, mask, lora, req.get("lora_scaling", 0.0))
    out = {"logits": logits.detach().flatten().tolist()}
    if "prompt_tokens" in req:
        loss = causal_lm_loss(logits, ids, mask, req["prompt_tokens"])
        out["loss"] = loss.item()
        if lora:
            loss.backward()
            out["grads"] = {k: v.grad.flatten().tolist() for k, v in lora.items()}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
