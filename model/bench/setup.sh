#!/usr/bin/env bash
# Installs what model/bench/pytorch_reference.py needs, from Debian, if it is missing:
#   python3-torch        Debian's PyTorch (1.13) for /usr/bin/python3
#   libopenblas0-openmp  an optimised BLAS; without it torch falls back to the reference BLAS (~30x slower)
# Needs root (apt). Safe to run again: it installs nothing when both are present.
set -euo pipefail

missing=()
/usr/bin/python3 -c "import torch" 2>/dev/null || missing+=(python3-torch)
dpkg-query -W -f='${Status}' libopenblas0-openmp 2>/dev/null | grep -q "install ok installed" || missing+=(libopenblas0-openmp)

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 || true)
case "$blas" in
  *openblas*) ;;
  *) echo "warning: libblas.so.3 resolves to '$blas', not OpenBLAS: torch matmuls will be slow" >&2 ;;
esac
/usr/bin/python3 -c "import torch; print('torch', torch.__version__, 'threads', torch.get_num_threads())"
echo "BLAS: $blas"
