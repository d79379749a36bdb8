#!/usr/bin/env python3
"""2D loss-surface throughput (grid points per second) in PyTorch, for `npm run bench -- --vs-pytorch`.

The same workloads as src/compute/bench/surface.ts and surfaceConv.ts: seeded random weights (Kaiming, fan-in), two
random directions, uniform [0, 1) 28x28x1 inputs with random labels (the loss values do not matter, the arithmetic
does), softmax cross-entropy and accuracy summed over all examples at every grid point, fp32 (TF32 off).

Three baselines:
  one-point     the weights of each grid point written into the model (theta + a*d1 + b*d2), then a forward pass over
                the examples in batches, under no_grad; the data already on the device as tensors
  plane-batched by hand (MLP only): the first layer's products X*W, X*D1, X*D2 computed once, then for each group of
                points a batched matmul per layer (torch.bmm), as this project's planeBatched.ts does
  reference     the paper's loop (its evaluation.py): a DataLoader over a TensorDataset, weights set per point
                parameter by parameter, model.eval(), loss and correct counts accumulated on the host per batch

    python3 test/bench/pytorch_surface.py --model mlp --examples 10000 --side 21
    OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE python3 test/bench/pytorch_surface.py --model resnet --threads 2
Prints one JSON object: {"framework", "device", "model", "rows": [{"variant", "points_per_s", "points", "seconds"}]}.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_train import ResNet, setup  # noqa: E402  (same ResNet-20-style net and setup as the training benchmark)


def mlp(hidden=(512, 512)):
    layers, cin = [nn.Flatten()], 784
    for h in hidden:
        layers += [nn.Linear(cin, h), nn.ReLU()]
        cin = h
    layers.append(nn.Linear(cin, 10))
    model = nn.Sequential(*layers)
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)
    return model


def directions(params, seed):
    g = torch.Generator().manual_seed(seed)
    out = []
    for p in params:
        d = torch.randn(p.shape, generator=g).to(p.device)
        # Filter normalization (Li et al.): each filter (row) of d scaled to the norm of the same filter of p.
        if p.dim() > 1:
            dn = d.flatten(1).norm(dim=1).clamp_min(1e-12)
            pn = p.detach().flatten(1).norm(dim=1)
            d = d * (pn / dn).view(-1, *([1] * (p.dim() - 1)))
        else:
            d = torch.zeros_like(p)  # biases and BN parameters: not perturbed (the paper's 'biasbn ignore')
        out.append(d)
    return out


def grid(side):
    axis = torch.linspace(-1, 1, side).tolist() if side > 1 else [0.0]
    return [(a, b) for b in axis for a in axis]


@torch.no_grad()
def one_point(model, base, d1, d2, x, y, points, batch):
    params = list(model.parameters())
    for a, b in points:
        for p, t, u, v in zip(params, base, d1, d2):
            p.copy_(t + a * u + b * v)
        loss = torch.zeros((), device=x.device)
        correct = torch.zeros((), device=x.device)
        for s in range(0, x.shape[0], batch):
            logits = model(x[s:s + batch])
            loss += F.cross_entropy(logits, y[s:s + batch], reduction="sum")
            correct += (logits.argmax(1) == y[s:s + batch]).sum()
        loss.item()


@torch.no_grad()
def plane_batched(base, d1, d2, x, y, points, batch, per_dispatch=21):
    # base/d1/d2: [W1, b1, W2, b2, W3, b3] in nn.Linear layout (out, in).
    xs = x.flatten(1)
    firsts = [(xs[s:s + batch] @ base[0].T, xs[s:s + batch] @ d1[0].T, xs[s:s + batch] @ d2[0].T, y[s:s + batch]) for s in range(0, xs.shape[0], batch)]
    for g in range(0, len(points), per_dispatch):
        group = points[g:g + per_dispatch]
        a = torch.tensor([p[0] for p in group], device=x.device)
        b = torch.tensor([p[1] for p in group], device=x.device)
        k = len(group)
        stacked = [t.unsqueeze(0) + a.view(k, *[1] * t.dim()) * u.unsqueeze(0) + b.view(k, *[1] * t.dim()) * v.unsqueeze(0) for t, u, v in zip(base, d1, d2)]
        loss = torch.zeros(k, device=x.device)
        correct = torch.zeros(k, device=x.device)
        for xw, xd1, xd2, yb in firsts:
            h = xw.unsqueeze(0) + a.view(k, 1, 1) * xd1.unsqueeze(0) + b.view(k, 1, 1) * xd2.unsqueeze(0) + stacked[1].unsqueeze(1)
            for layer in range(2, len(stacked), 2):
                h = torch.bmm(F.relu(h), stacked[layer].transpose(1, 2)) + stacked[layer + 1].unsqueeze(1)
            logp = F.log_softmax(h, dim=2)
            loss += -logp.gather(2, yb.view(1, -1, 1).expand(k, -1, 1)).sum(dim=(1, 2))
            correct += (h.argmax(2) == yb.unsqueeze(0)).sum(1)
        loss.tolist()


def reference(model, base, d1, d2, x, y, points, batch):
    # As the paper's code: a DataLoader, weights set per point, eval per point, sums on the host.
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=batch, shuffle=False)
    model.eval()
    params = list(model.parameters())
    with torch.no_grad():
        for a, b in points:
            for p, t, u, v in zip(params, base, d1, d2):
                p.data = t + a * u + b * v
            total_loss, total_correct, total = 0.0, 0, 0
            for inputs, targets in loader:
                outputs = model(inputs)
                total_loss += F.cross_entropy(outputs, targets, reduction="sum").item()
                total_correct += outputs.argmax(1).eq(targets).sum().item()
                total += targets.size(0)


def blas_library():
    """The BLAS this process loaded (Debian's reference libblas is ~50x slower than OpenBLAS: say which one ran)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        return ", ".join(sorted(os.path.basename(os.path.dirname(l)) + "/" + os.path.basename(l) for l in libs)) or "none found"
    except OSError:
        return "unknown"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=["mlp", "resnet"], default="mlp")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--examples", type=int, default=10000)
    p.add_argument("--side", type=int, default=21)
    p.add_argument("--batch", type=int, default=1000)
    p.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: leave the default)")
    args = p.parse_args()

    device = setup(args)
    model = (mlp() if args.model == "mlp" else ResNet(depth=20, base_width=16)).to(device).eval()
    base = [t.detach().clone() for t in model.parameters()]
    d1, d2 = directions(base, 2), directions(base, 3)
    g = torch.Generator().manual_seed(3)
    x = torch.rand(args.examples, 1, 28, 28, generator=g).to(device)
    y = torch.randint(0, 10, (args.examples,), generator=g).to(device)
    points = grid(args.side)
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)

    variants = [("one point at a time", lambda pts: one_point(model, base, d1, d2, x, y, pts, args.batch))]
    if args.model == "mlp":
        variants.append(("plane-batched by hand", lambda pts: plane_batched(base, d1, d2, x, y, pts, args.batch)))
    variants.append(("paper's reference loop (DataLoader, per-point eval)", lambda pts: reference(model, base, d1, d2, x, y, pts, args.batch)))

    rows = []
    for name, run in variants:
        run(points[:2])  # warm-up, not timed
        sync()
        t0 = time.perf_counter()
        run(points)
        sync()
        seconds = time.perf_counter() - t0
        rows.append({"variant": name, "points_per_s": len(points) / seconds, "points": len(points), "seconds": seconds})
    device_name = torch.cuda.get_device_name(device) if device.type == "cuda" else f"cpu ({torch.get_num_threads()} threads)"
    print(json.dumps({"framework": f"pytorch {torch.__version__}", "device": device_name, "blas": blas_library(), "model": args.model, "examples": args.examples, "side": args.side, "rows": rows}))


if __name__ == "__main__":
    main()
