"""Independent check of our safetensors files with Debian's PyTorch (no safetensors package in Debian).

Usage:
  crosscheck.py verify F32_FILE OTHER_FILE...   parse each file by the format spec, check the layout
      (8-byte LE length, header padded with spaces to 8 bytes, contiguous offsets, exact length),
      and check that every float tensor of each OTHER_FILE equals the F32 file's tensor rounded by
      torch (.to(float16) / .to(bfloat16)) bit for bit. Prints one JSON line {"ok": true, ...}.
  crosscheck.py write FILE
      write a file with torch's own F16/BF16/F32/I64 encodings and print the float32 values of
      each tensor as JSON, for the Java reader to compare with.
"""
import json
import struct
import sys

import torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64,
          "I32": torch.int32, "F64": torch.float64}
SIZES = {"F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "F64": 8}


def parse(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    assert n % 8 == 0, f"header length {n} is not a multiple of 8"
    text = raw[8:8 + n].decode("utf-8")
    assert text.rstrip(" ") == text.rstrip(" ").strip(), "header padding must be trailing spaces"
    header = json.loads(text)
    data = raw[8 + n:]
    entries = sorted(((k, v) for k, v in header.items() if k != "__metadata__"),
                     key=lambda kv: kv[1]["data_offsets"])
    start = 0
    tensors = {}
    for name, info in entries:
        begin, end = info["data_offsets"]
        assert begin == start, f"{name}: offsets not contiguous"
        count = 1
        for d in info["shape"]:
            count *= d
        assert end - begin == count * SIZES[info["dtype"]], f"{name}: byte length mismatch"
        buf = bytearray(data[begin:end])
        t = torch.frombuffer(buf, dtype=DTYPES[info["dtype"]]) if count else torch.empty(0, dtype=DTYPES[info["dtype"]])
        tensors[name] = t.reshape(info["shape"])
        start = end
    assert start == len(data), f"data buffer has {len(data)} bytes, offsets cover {start}"
    return header.get("__metadata__", {}), tensors


def verify(reference_path, others):
    _, reference = parse(reference_path)
    checked = 0
    for path in others:
        _, tensors = parse(path)
        assert tensors.keys() == reference.keys(), f"{path}: names differ"
        for name, t in tensors.items():
            ref = reference[name]
            assert list(t.shape) == list(ref.shape), f"{path}:{name}: shape {t.shape} vs {ref.shape}"
            if t.dtype in (torch.float16, torch.bfloat16):
                expected = ref.to(t.dtype)
                bits = torch.int16
                if not torch.equal(t.view(bits), expected.view(bits)):
                    diff = (t.view(bits) != expected.view(bits)).nonzero()[:5].tolist()
                    raise AssertionError(f"{path}:{name}: bits differ from torch's rounding at {diff}")
            else:
                assert torch.equal(t, ref), f"{path}:{name}: values differ"
            checked += 1
    metadata, _ = parse(reference_path)
    print(json.dumps({"ok": True, "tensors_checked": checked, "metadata": metadata}))


def write(path):
    torch.manual_seed(7)
    tensors = {
        "bf16.weight": (torch.randn(3, 5) * 10).to(torch.bfloat16),
        "f16.weight": torch.randn(4, 2).to(torch.float16),
        "f32.bias": torch.randn(6),
        "ids": torch.arange(5, dtype=torch.int64) - 2,
    }
    names = sorted(tensors)
    header, chunks, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in names:
        t = tensors[name].contiguous()
        dtype = [k for k, v in DTYPES.items() if v == t.dtype][0]
        blob = t.view(torch.uint8).numpy().tobytes() if t.dtype != torch.bfloat16 else t.view(torch.int16).numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        chunks.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))
    print(json.dumps({name: {"shape": list(t.shape), "values": t.to(torch.float64).flatten().tolist()}
                      for name, t in tensors.items()}))


if __name__ == "__main__":
    if sys.argv[1] == "verify":
        verify(sys.argv[2], sys.argv[3:])
    else:
        write(sys.argv[2])
