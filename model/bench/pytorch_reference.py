#!/usr/bin/python3
"""Plain PyTorch eager reference for the fine-tuning step benchmark (MiniLM shape).

Times one training step (forward + backward + AdamW step + zero_grad) of a BERT-family encoder with
a mean-pooling classification head, for LoRA, Adapter, Prompt Tuning and full fine-tuning, on the
same thread count as the DJL side, and measures the machine's attainable fp32 matmul GFLOP/s.
Each method runs in its own child process, so peak_rss_mb is that method's own peak.

The model mirrors io.tunestream.model (arch.BertLayer, peft.LoraLinear, peft.BottleneckAdapter,
head.SequenceHead): post-LayerNorm BERT, GELU (erf), dropout 0.1 on embeddings, attention
probabilities and sub-layer outputs; LoRA r=8, alpha=16, dropout 0.1 on query and value; Houlsby
adapters (bottleneck 64, GELU, residual) after the attention and feed-forward sub-layers, before
their residual + LayerNorm; 20 soft-prompt vectors prepended to the word embeddings (mask
extended); mean pooling, dropout 0.1, Linear(hidden, labels). The head is trained in every method.

Output: one JSON object per line, see model/bench/README.md. Run with Debian's /usr/bin/python3
(python3-torch + libopenblas0-openmp, see setup.sh).
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

METHODS = ("lora", "adapter", "prompt_tuning", "full")
# Debian's torch loads libblas.so.3 / libopenblas.so.0 through the alternatives system, which may
# point at the pthread OpenBLAS (or the reference BLAS); children put the OpenMP build first.
OPENMP_BLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-openmp"


def cpu_flags():
    """The CPU feature flags of /proc/cpuinfo (empty when unreadable)."""
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def openblas_core_for(flags):
    """The OpenBLAS kernel set this CPU's features allow, best first (None: let OpenBLAS decide).

    OpenBLAS's DYNAMIC_ARCH picks its kernels from a table of CPU models. Debian's 0.3.21 does not
    know newer Xeons (Sapphire / Emerald Rapids: family 6, model 143 / 207) and falls back to
    Prescott (SSE3), about 6x slower than its AVX-512 kernels on the same cores. A reference that
    slow would flatter the DJL side, so the children ask for the kernels the features allow.
    """
    if {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_bf16"} <= flags:
        return "Cooperlake"
    if {"avx512f", "avx512bw", "avx512vl", "avx512dq"} <= flags:
        return "SkylakeX"
    if {"avx2", "fma"} <= flags:
        return "Haswell"
    return None


def openblas_core():
    """The kernel set the loaded OpenBLAS runs (openblas_get_corename), or None without OpenBLAS."""
    import ctypes
    for path in loaded_blas():
        if "openblas" in path:
            try:
                lib = ctypes.CDLL(path)
                lib.openblas_get_corename.restype = ctypes.c_char_p
                return lib.openblas_get_corename().decode()
            except (OSError, AttributeError):
                continue
    return None


def loaded_blas():
    """The BLAS libraries this process actually mapped (from /proc/self/maps)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line}
        return sorted(p for p in paths if p.endswith((".so", ".so.0", ".so.3")))
    except OSError:
        return []


class Lora(nn.Module):
    """W x + (alpha / r) B A dropout(x), base frozen, B zero-initialised (as PEFT)."""

    def __init__(self, base: nn.Linear, r: int, alpha: float, dropout: float):
        super().__init__()
        self.base = base
        self.lora_A = nn.Linear(base.in_features, r, bias=False)
        self.lora_B = nn.Linear(r, base.out_features, bias=False)
        nn.init.kaiming_uniform_(self.lora_A.weight, a=math.sqrt(5))
        nn.init.zeros_(self.lora_B.weight)
        self.dropout = nn.Dropout(dropout)
        self.scaling = alpha / r

    def forward(self, x):
        return self.base(x) + self.lora_B(self.lora_A(self.dropout(x))) * self.scaling


class Adapter(nn.Module):
    """Houlsby bottleneck x + up(gelu(down(x))), up zero-initialised."""

    def __init__(self, hidden: int, bottleneck: int):
        super().__init__()
        self.down = nn.Linear(hidden, bottleneck)
        self.up = nn.Linear(bottleneck, hidden)
        nn.init.normal_(self.down.weight, std=0.01)
        nn.init.zeros_(self.down.bias)
        nn.init.zeros_(self.up.weight)
        nn.init.zeros_(self.up.bias)

    def forward(self, x):
        return x + self.up(nn.functional.gelu(self.down(x)))


class Layer(nn.Module):
    def __init__(self, a):
        super().__init__()
        h = a.hidden
        self.heads, self.head_size = a.heads, h // a.heads
        self.query, self.key, self.value = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)
        self.attention_output = nn.Linear(h, h)
        self.attention_norm = nn.LayerNorm(h, eps=1e-12)
        self.intermediate = nn.Linear(h, a.intermediate)
        self.output = nn.Linear(a.intermediate, h)
        self.output_norm = nn.LayerNorm(h, eps=1e-12)
        self.dropout = nn.Dropout(a.dropout)
        self.attention_hook = nn.Identity()
        self.feed_forward_hook = nn.Identity()

    def split(self, x):
        b, l, _ = x.shape
        return x.view(b, l, self.heads, self.head_size).transpose(1, 2)

    def forward(self, x, additive_mask):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_size) + additive_mask
        probs = self.dropout(scores.softmax(-1))
        context = (probs @ v).transpose(1, 2).reshape(x.shape)
        attended = self.attention_hook(self.dropout(self.attention_output(context)))
        h1 = self.attention_norm(attended + x)
        out = self.feed_forward_hook(self.dropout(self.output(nn.functional.gelu(self.intermediate(h1)))))
        return self.output_norm(out + h1)


class Classifier(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.word_embeddings = nn.Embedding(a.vocab, a.hidden)
        self.position_embeddings = nn.Embedding(512, a.hidden)
        self.token_type_embeddings = nn.Embedding(2, a.hidden)
        self.embedding_norm = nn.LayerNorm(a.hidden, eps=1e-12)
        self.layers = nn.ModuleList(Layer(a) for _ in range(a.layers))
        self.dropout = nn.Dropout(a.dropout)
        self.classifier = nn.Linear(a.hidden, a.labels)
        self.prompt = None

    def forward(self, ids, mask):
        x = self.word_embeddings(ids)
        if self.prompt is not None:
            b = ids.shape[0]
            x = torch.cat([self.prompt.unsqueeze(0).expand(b, -1, -1), x], dim=1)
            mask = torch.cat([torch.ones(b, self.prompt.shape[0], dtype=mask.dtype), mask], dim=1)
        length = x.shape[1]
        positions = torch.arange(length).unsqueeze(0)
        x = x + self.position_embeddings(positions) + self.token_type_embeddings(torch.zeros_like(positions))
        x = self.dropout(self.embedding_norm(x))
        additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, additive)
        weights = mask.unsqueeze(-1).float()
        pooled = (x * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return self.classifier(self.dropout(pooled))


def apply_method(model, method, a):
    """Freezes the base and adds the method's trainable tensors; the head always trains."""
    if method == "full":
        return
    for p in model.parameters():
        p.requires_grad_(False)
    if method == "lora":
        for layer in model.layers:
            layer.query = Lora(layer.query, a.lora_rank, a.lora_alpha, a.dropout)
            layer.value = Lora(layer.value, a.lora_rank, a.lora_alpha, a.dropout)
    elif method == "adapter":
        for layer in model.layers:
            layer.attention_hook = Adapter(a.hidden, a.bottleneck)
            layer.feed_forward_hook = Adapter(a.hidden, a.bottleneck)
    elif method == "prompt_tuning":
        init = model.word_embeddings.weight[torch.randint(0, a.vocab, (a.virtual_tokens,))].detach().clone()
        model.prompt = nn.Parameter(init)
    for p in model.classifier.parameters():
        p.requires_grad_(True)


def forward_gflop(method, a):
    """Matmul FLOPs of one forward pass (2 per multiply-add), the attention included."""
    tokens_per_row = a.seq + (a.virtual_tokens if method == "prompt_tuning" else 0)
    tokens = a.batch * tokens_per_row
    per_token = 4 * a.hidden * a.hidden + 2 * a.hidden * a.intermediate
    if method == "lora":
        per_token += 2 * 2 * a.lora_rank * a.hidden
    if method == "adapter":
        per_token += 2 * 2 * a.bottleneck * a.hidden
    dense = 2 * tokens * per_token * a.layers
    attention = 2 * 2 * a.batch * tokens_per_row * tokens_per_row * a.hidden * a.layers
    return (dense + attention) / 1e9


def train_gflop(method, a):
    """Forward + backward estimate: full fine-tuning ~3x forward (activation and weight gradients);
    with a frozen base the backward pass computes activation gradients only: ~2x forward."""
    return forward_gflop(method, a) * (3.0 if method == "full" else 2.0)


def run_method(method, a):
    torch.manual_seed(a.seed)
    model = Classifier(a)
    apply_method(model, method, a)
    model.train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=a.lr, weight_decay=0.01)
    ids = torch.randint(1000, a.vocab, (a.batch, a.seq))
    mask = torch.ones(a.batch, a.seq, dtype=torch.long)
    mask[: a.batch // 2, a.seq * 3 // 4:] = 0  # half the rows padded, as real batches are
    labels = torch.randint(0, a.labels, (a.batch,))
    loss_fn = nn.CrossEntropyLoss()
    times, forward, backward, update = [], [], [], []
    for step in range(a.warmup + a.steps):
        start = time.perf_counter()
        loss = loss_fn(model(ids, mask), labels)
        loss_value = loss.item()  # as the DJL side reads its loss before back-propagating
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
    return {
        "method": method,
        "ms_per_step": round(ms, 2),
        "forward_ms": round(statistics.median(forward), 2),
        "backward_ms": round(statistics.median(backward), 2),
        "optimizer_ms": round(statistics.median(update), 2),
        "trainable_params": sum(p.numel() for p in trainable),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
        "train_gflop": round(train_gflop(method, a), 2),
        "achieved_gflops": round(train_gflop(method, a) / (ms / 1000.0), 2),
        "threads": torch.get_num_threads(),
        "steps": a.steps,
        "final_loss": round(loss_value, 4),
        "blas": loaded_blas(),
        "blas_core": openblas_core(),
    }


def run_matmul(a):
    n = a.matmul_size
    x, y = torch.randn(n, n), torch.randn(n, n)
    for _ in range(2):
        torch.mm(x, y)
    times = []
    for _ in range(a.matmul_repeats):
        start = time.perf_counter()
        torch.mm(x, y)
        times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    return {"method": "matmul_fp32", "n": n, "ms": round(seconds * 1000.0, 2),
            "gflops": round(2.0 * n ** 3 / seconds / 1e9, 2), "threads": torch.get_num_threads(),
            "blas": loaded_blas(), "blas_core": openblas_core()}


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="torch.set_num_threads (default: all cores)")
    p.add_argument("--methods", default=",".join(METHODS), help="comma list of " + ",".join(METHODS))
    p.add_argument("--warmup", type=int, default=2, help="untimed steps per method")
    p.add_argument("--steps", type=int, default=5, help="timed steps per method (median reported)")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--seq", type=int, default=128)
    p.add_argument("--layers", type=int, default=6)
    p.add_argument("--hidden", type=int, default=384)
    p.add_argument("--heads", type=int, default=12)
    p.add_argument("--intermediate", type=int, default=1536)
    p.add_argument("--vocab", type=int, default=30522)
    p.add_argument("--labels", type=int, default=2)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--lora-rank", type=int, default=8)
    p.add_argument("--lora-alpha", type=float, default=16)
    p.add_argument("--bottleneck", type=int, default=64)
    p.add_argument("--virtual-tokens", type=int, default=20)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--matmul-size", type=int, default=2048, help="n of the n x n fp32 matmul (0: skip)")
    p.add_argument("--matmul-repeats", type=int, default=5)
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
    core = openblas_core_for(cpu_flags())
    if core and not env.get("OPENBLAS_CORETYPE"):  # a user's own choice wins
        env["OPENBLAS_CORETYPE"] = core
    jobs = (["matmul"] if a.matmul_size > 0 else []) + [m.strip() for m in a.methods.split(",") if m.strip()]
    for job in jobs:
        if job != "matmul" and job not in METHODS:
            print(f"unknown method {job!r}, expected {METHODS}", file=sys.stderr)
            return 2
        # a fresh process per job: its peak RSS is its own, and nothing is shared between methods
        done = subprocess.run([sys.executable, os.path.abspath(__file__), *argv, "--single", job],
                              stdout=subprocess.PIPE, text=True, env=env)
        if done.returncode != 0:
            return done.returncode
        sys.stdout.write(done.stdout)
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
