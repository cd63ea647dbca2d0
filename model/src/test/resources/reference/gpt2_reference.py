#!/usr/bin/python3
"""Plain-torch forward of a GPT-2 checkpoint, transcribing Hugging Face's modeling_gpt2 (GPT2LMHeadModel,
eager attention: Conv1D = addmm with [in, out] weights, fused c_attn split into q/k/v, causal mask by
torch.where with finfo.min plus the additive padding mask, gelu_new, pre-LayerNorm, learned positions,
tied lm_head) and pytorch_utils.Conv1D, to cross-check io.tunestream.model.arch.Gpt2Decoder.

LoRA is applied the way PEFT's lora.Linear does on a Conv1D target (fan_in_fan_out=True):
  forward: result = base(x) + lora_B(lora_A(x)) * scaling, with lora_A [r, in] and lora_B [out, r];
  merge:   W[in, out] += transpose(B @ A) * scaling.

usage: gpt2_reference.py REQUEST_JSON -> prints {"logits": [...], "loss": x, "grads": {name: [...]}}
request keys: model_dir, ids, mask; optional lora_file + lora_scaling (our tensor names, applied in the
forward, gradients reported), prompt_tokens (per row; with it the causal-LM loss is computed), peft_dir
(a PEFT LoRA adapter directory, merged into the weights as PEFT's merge_and_unload does),
peft_prompt_dir (a PEFT PROMPT_TUNING adapter: prompt_embeddings put in front of the token embeddings as
PeftModelForCausalLM.forward does, mask extended with ones, no position ids so GPT-2 counts 0..P+L-1;
the logits of the prompt positions are dropped).
"""
import json
import math
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


def conv1d(x, w, b):
    # transformers.pytorch_utils.Conv1D.forward
    size_out = x.size()[:-1] + (w.shape[1],)
    return torch.addmm(b, x.view(-1, x.size(-1)), w).view(size_out)


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


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
        b = tensors[key.replace(".lora_A.", ".lora_B.")]
        delta = b @ a
        if cfg["fan_in_fan_out"]:
            delta = delta.T
        w[module + ".weight"] = w[module + ".weight"] + delta * scaling


def forward(cfg, w, ids, mask, lora, scaling, prompt=None):
    inputs = w["transformer.wte.weight"][ids]
    if prompt is not None:
        inputs = torch.cat((prompt[None].expand(ids.shape[0], -1, -1), inputs), dim=1)
        mask = torch.cat((torch.ones(ids.shape[0], prompt.shape[0], dtype=mask.dtype), mask), dim=1)
        ids = torch.zeros(mask.shape, dtype=torch.long)
    h, nh, eps = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"]
    d, b, length = h // nh, ids.shape[0], ids.shape[1]
    lowest = torch.finfo(torch.float32).min
    causal = torch.tril(torch.ones((length, length), dtype=torch.bool))[None, None]
    padding = (1.0 - mask[:, None, None, :].float()) * lowest

    def proj(name, x):
        y = conv1d(x, w[name + ".weight"], w[name + ".bias"])
        if name + ".lora_A.weight" in lora:
            y = y + (x @ lora[name + ".lora_A.weight"].T @ lora[name + ".lora_B.weight"].T) * scaling
        return y

    def heads(t):
        return t.view(b, length, nh, d).permute(0, 2, 1, 3)

    x = inputs + w["transformer.wpe.weight"][torch.arange(length)][None]
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        q, k, v = proj(p + "attn.c_attn", layer_norm(x, w, p + "ln_1", eps)).split(h, dim=2)
        q, k, v = heads(q), heads(k), heads(v)
        scores = q @ k.transpose(-1, -2) / (v.size(-1) ** 0.5)
        if cfg.get("scale_attn_by_inverse_layer_idx"):
            scores = scores / float(i + 1)
        scores = torch.where(causal, scores, torch.tensor(lowest)) + padding
        ctx = (scores.softmax(-1) @ v).permute(0, 2, 1, 3).reshape(b, length, h)
        x = x + proj(p + "attn.c_proj", ctx)
        inner = gelu_new(proj(p + "mlp.c_fc", layer_norm(x, w, p + "ln_2", eps)))
        x = x + proj(p + "mlp.c_proj", inner)
    x = layer_norm(x, w, "transformer.ln_f", eps)
    if prompt is not None:
        x = x[:, prompt.shape[0]:]
    head = w["lm_head.weight"] if not cfg.get("tie_word_embeddings", True) else w["transformer.wte.weight"]
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
    req = json.load(open(sys.argv[1]))
    model_dir = req["model_dir"]
    cfg = json.load(open(f"{model_dir}/config.json"))
    w = read_safetensors(f"{model_dir}/model.safetensors")
    if "wte.weight" in w:  # saved from GPT2Model
        w = {("lm_head.weight" if k == "lm_head.weight" else "transformer." + k): v for k, v in w.items()}
    if req.get("peft_dir"):
        merge_peft(w, req["peft_dir"])
    lora = {}
    if req.get("lora_file"):
        lora = {k: v.clone().requires_grad_(True) for k, v in read_safetensors(req["lora_file"]).items()
                if ".lora_" in k}
    ids, mask = torch.tensor(req["ids"]), torch.tensor(req["mask"])
    prompt = None
    if req.get("peft_prompt_dir"):
        prompt_cfg = json.load(open(f"{req['peft_prompt_dir']}/adapter_config.json"))
        assert prompt_cfg["peft_type"] == "PROMPT_TUNING", prompt_cfg
        prompt = read_safetensors(f"{req['peft_prompt_dir']}/adapter_model.safetensors")["prompt_embeddings"]
        assert list(prompt.shape) == [prompt_cfg["num_virtual_tokens"], prompt_cfg["token_dim"]], prompt.shape
    logits = forward(cfg, w, ids, mask, lora, req.get("lora_scaling", 0.0), prompt)
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
