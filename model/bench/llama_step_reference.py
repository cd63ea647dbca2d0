#!/usr/bin/python3
"""Plain PyTorch eager reference for the decoder fine-tuning step benchmark (LLaMA shape).

Times one causal-LM training step (forward + backward + AdamW step + zero_grad) of a LLaMA-family
decoder with random weights, for LoRA (r 8, alpha 16, dropout 0, on q_proj and v_proj) and full
fine-tuning, on the same thread count as the DJL side (DecoderBenchmarkRunner), and measures the
machine's fp32 matmul GFLOP/s. Each job runs in its own child process (its own peak RSS).

The model mirrors io.tunestream.model.arch.LlamaDecoder as HF's modeling_llama writes it: RMSNorm,
rotate-half rotary embeddings, grouped-query attention (repeat_kv), causal + padding mask, SwiGLU,
untied lm_head; no dropout anywhere (LLaMA has none, LoRA dropout 0). Loss: next-token cross entropy
over every position. Inputs: token ids random in [4, vocab), seed 0, no padding.

Output: one JSON object per line, the fields of pytorch_reference.py plus tokens_per_s. Run with
Debian's /usr/bin/python3 (python3-torch + libopenblas0-openmp, see setup.sh).
"""
import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_reference import OPENMP_BLAS_DIR, cpu_flags, loaded_blas, openblas_core, openblas_core_for  # noqa: E402

METHODS = ("lora", "full")


class RmsNorm(nn.Module):
    def __init__(self, h, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(h))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


class Lora(nn.Module):
    """W x + (alpha / r) B A x, base frozen, B zero-initialised (as PEFT), dropout 0."""

    def __init__(self, base: nn.Linear, r: int, alpha: float):
        super().__init__()
        self.base = base
        self.lora_A = nn.Linear(base.in_features, r, bias=False)
        self.lora_B = nn.Linear(r, base.out_features, bias=False)
        nn.init.kaiming_uniform_(self.lora_A.weight, a=math.sqrt(5))
        nn.init.zeros_(self.lora_B.weight)
        self.scaling = alpha / r

    def forward(self, x):
        return self.base(x) + self.lora_B(self.lora_A(x)) * self.scaling


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


class Layer(nn.Module):
    def __init__(self, a):
        super().__init__()
        h, self.nh, self.nkv = a.hidden, a.heads, a.kv_heads
        self.d = h // a.heads
        self.input_layernorm, self.post_attention_layernorm = RmsNorm(h), RmsNorm(h)
        self.q_proj = nn.Linear(h, h, bias=False)
        self.k_proj = nn.Linear(h, self.nkv * self.d, bias=False)
        self.v_proj = nn.Linear(h, self.nkv * self.d, bias=False)
        self.o_proj = nn.Linear(h, h, bias=False)
        self.gate_proj = nn.Linear(h, a.intermediate, bias=False)
        self.up_proj = nn.Linear(h, a.intermediate, bias=False)
        self.down_proj = nn.Linear(a.intermediate, h, bias=False)

    def forward(self, x, mask, cos, sin):
        b, length, h = x.shape
        hs = self.input_layernorm(x)
        q = self.q_proj(hs).view(b, length, self.nh, self.d).transpose(1, 2)
        k = self.k_proj(hs).view(b, length, self.nkv, self.d).transpose(1, 2)
        v = self.v_proj(hs).view(b, length, self.nkv, self.d).transpose(1, 2)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        rep = self.nh // self.nkv
        k = k[:, :, None].expand(b, self.nkv, rep, length, self.d).reshape(b, self.nh, length, self.d)
        v = v[:, :, None].expand(b, self.nkv, rep, length, self.d).reshape(b, self.nh, length, self.d)
        scores = q @ k.transpose(2, 3) / math.sqrt(self.d) + mask
        ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, length, h)
        x = x + self.o_proj(ctx)
        hs = self.post_attention_layernorm(x)
        return x + self.down_proj(nn.functional.silu(self.gate_proj(hs)) * self.up_proj(hs))


class Decoder(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.embed_tokens = nn.Embedding(a.vocab, a.hidden)
        self.layers = nn.ModuleList(Layer(a) for _ in range(a.layers))
        self.norm = RmsNorm(a.hidden)
        self.lm_head = nn.Linear(a.hidden, a.vocab, bias=False)
        self.d, self.theta = a.hidden // a.heads, 10000.0
        for p in self.parameters():
            if p.dim() == 2:
                nn.init.normal_(p, std=0.02)

    def forward(self, ids, mask):
        length = ids.shape[1]
        inv_freq = 1.0 / (self.theta ** (torch.arange(0, self.d, 2).float() / self.d))
        freqs = torch.outer(torch.arange(length).float(), inv_freq)
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = emb.cos()[None, None], emb.sin()[None, None]
        lowest = torch.finfo(torch.float32).min
        additive = torch.triu(torch.full((length, length), lowest), diagonal=1)[None, None] \
            + (1.0 - mask[:, None, None, :].float()) * lowest
        x = self.embed_tokens(ids)
        for layer in self.layers:
            x = layer(x, additive, cos, sin)
        return self.lm_head(self.norm(x))


def apply_method(model, method, a):
    if method == "full":
        return
    for p in model.parameters():
        p.requires_grad_(False)
    for layer in model.layers:
        layer.q_proj = Lora(layer.q_proj, a.lora_rank, a.lora_alpha)
        layer.v_proj = Lora(layer.v_proj, a.lora_rank, a.lora_alpha)


def train_gflop(method, a):
    """As DecoderStepBenchmark.trainGflop: dense 2 N (weights per token) + attention 4 B S^2 H per
    layer; full = 3 x forward; LoRA = 2 x forward + 3 x the LoRA matmuls' forward."""
    tokens = a.batch * a.seq
    h, kv = a.hidden, a.kv_heads * (a.hidden // a.heads)
    per_layer = 2 * h * h + 2 * h * kv + 3 * h * a.intermediate
    dense = 2 * tokens * (per_layer * a.layers + h * a.vocab)
    forward = dense + 4.0 * a.batch * a.seq * a.seq * h * a.layers
    if method != "lora":
        return 3 * forward / 1e9
    lora = 2 * tokens * a.layers * a.lora_rank * ((h + h) + (h + kv))
    return (2 * forward + 3 * lora) / 1e9


def run_method(method, a):
    torch.manual_seed(a.seed)
    model = Decoder(a)
    apply_method(model, method, a)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=1e-4, weight_decay=0.01)
    ids = torch.randint(4, a.vocab, (a.batch, a.seq))
    mask = torch.ones(a.batch, a.seq, dtype=torch.long)
    times, forward, backward, update = [], [], [], []
    for step in range(a.warmup + a.steps):
        start = time.perf_counter()
        logits = model(ids, mask)
        loss = nn.functional.cross_entropy(logits[:, :-1].reshape(-1, a.vocab), ids[:, 1:].reshape(-1))
        loss_value = loss.item()
        forward_end = time.perf_counter()
        loss.backward()
        backward_end = time.perf_counter()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        end = time.perf_counter()
        if step >= a.warmup:
            times.append((end - start) * 1000.0)
            forward.append((forward_end - start) * 1000.0)
            backward.append((backward_end - forward_end) * 1000.0)
            update.append((end - backward_end) * 1000.0)
    ms = statistics.median(times)
    gflop = train_gflop(method, a)
    return {"method": method, "ms_per_step": round(ms, 2), "forward_ms": round(statistics.median(forward), 2),
            "backward_ms": round(statistics.median(backward), 2), "optimizer_ms": round(statistics.median(update), 2),
            "trainable_params": sum(p.numel() for p in trainable),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
            "train_gflop": round(gflop, 2), "achieved_gflops": round(gflop / (ms / 1000.0), 2),
            "tokens_per_s": round(a.batch * a.seq / (ms / 1000.0), 1), "threads": torch.get_num_threads(),
            "steps": a.steps, "final_loss": round(loss_value, 4), "blas": loaded_blas(), "blas_core": openblas_core()}


def run_matmul(a):
    n = a.matmul_size
    x, y = torch.randn(n, n), torch.randn(n, n)
    for _ in range(2):
        torch.mm(x, y)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        torch.mm(x, y)
        times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    return {"method": "matmul_fp32", "n": n, "ms": round(seconds * 1000.0, 2),
            "gflops": round(2.0 * n ** 3 / seconds / 1e9, 2), "threads": torch.get_num_threads(),
            "blas": loaded_blas(), "blas_core": openblas_core()}


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="torch.set_num_threads")
    p.add_argument("--methods", default=",".join(METHODS), help="comma list of " + ",".join(METHODS))
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--seq", type=int, default=256)
    p.add_argument("--hidden", type=int, default=896)
    p.add_argument("--layers", type=int, default=24)
    p.add_argument("--heads", type=int, default=14)
    p.add_argument("--kv-heads", type=int, default=2)
    p.add_argument("--intermediate", type=int, default=4864)
    p.add_argument("--vocab", type=int, default=32000)
    p.add_argument("--lora-rank", type=int, default=8)
    p.add_argument("--lora-alpha", type=float, default=16)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--matmul-size", type=int, default=2048, help="n of the n x n fp32 matmul (0: skip)")
    p.add_argument("--single", choices=METHODS + ("matmul",), help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv):
    a = parse(argv)
    torch.set_num_threads(a.threads)
    if a.single == "matmul":
        print(json.dumps(run_matmul(a)), flush=True)
        return 0
    if a.single:
        print(json.dumps(run_method(a.single, a)), flush=True)
        return 0
    env = dict(os.environ)
    if os.path.isdir(OPENMP_BLAS_DIR):
        env["LD_LIBRARY_PATH"] = OPENMP_BLAS_DIR + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    # a pthread OpenBLAS (when the OpenMP one is not installed) ignores torch.set_num_threads
    env.setdefault("OPENBLAS_NUM_THREADS", str(a.threads))
    core = openblas_core_for(cpu_flags())
    if core and not env.get("OPENBLAS_CORETYPE"):
        env["OPENBLAS_CORETYPE"] = core
    jobs = (["matmul"] if a.matmul_size > 0 else []) + [m.strip() for m in a.methods.split(",") if m.strip()]
    for job in jobs:
        if job != "matmul" and job not in METHODS:
            print(f"unknown method {job!r}, expected {METHODS}", file=sys.stderr)
            return 2
        done = subprocess.run([sys.executable, os.path.abspath(__file__), *argv, "--single", job],
                              stdout=subprocess.PIPE, text=True, env=env)
        if done.returncode != 0:
            return done.returncode
        sys.stdout.write(done.stdout.replace('"method": "matmul"', '"method": "matmul_fp32"'))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
