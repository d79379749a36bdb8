#!/usr/bin/env python3
"""Training throughput of the same ResNet-20-style net as src/compute/bench/training.ts, in PyTorch.

Same workload: 6n+2 ResNet (3x3 stem, 3 stages of n basic blocks, 16-32-64 channels, stride-2 at stages 2 and 3,
1x1 conv + BN projection shortcuts, global average pooling, one linear layer), input 28x28x1, batch 128, SGD
momentum 0.9, softmax cross-entropy, random inputs, labels i % 10. Prints img/s over timed steps after warm-up.

    python3 test/bench/pytorch_train.py --device cuda      # GPU machine
    OMP_WAIT_POLICY=PASSIVE python3 test/bench/pytorch_train.py --device cpu --threads 2

TF32 is off so fp32 numbers compare with tfjs (../shared/gpu/README.md).
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride, shortcut):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = shortcut
        self.proj = None
        if shortcut and (stride != 1 or cin != cout):
            self.proj = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.shortcut:
            out = out + (self.proj(x) if self.proj is not None else x)
        return F.relu(out)


class ResNet(nn.Module):
    def __init__(self, depth=20, base_width=16, width=1, in_channels=1, num_classes=10, shortcut=True):
        super().__init__()
        if (depth - 2) % 6 != 0 or depth < 8:
            raise ValueError(f"depth {depth}: expected 6n+2 with n >= 1")
        n = (depth - 2) // 6
        widths = [base_width * width * m for m in (1, 2, 4)]
        self.stem = nn.Conv2d(in_channels, widths[0], 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(widths[0])
        blocks, cin = [], widths[0]
        for stage, cout in enumerate(widths):
            for i in range(n):
                blocks.append(BasicBlock(cin, cout, 2 if stage > 0 and i == 0 else 1, shortcut))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Linear(cin, num_classes)
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")  # fan_in, as models/init.ts

    def forward(self, x):
        x = F.relu(self.bn(self.stem(x)))
        x = self.blocks(x)
        return self.head(x.mean(dim=(2, 3)))


def setup(args):
    """fp32 without TF32 (so numbers compare with tfjs), the thread count asked for, seed 1; returns the device."""
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    return torch.device(args.device)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--depth", type=int, default=20)
    p.add_argument("--base-width", type=int, default=16)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: leave the default)")
    p.add_argument("--json", help="also write the result to this file")
    args = p.parse_args()

    device = setup(args)
    model = ResNet(depth=args.depth, base_width=args.base_width).to(device).train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x = (torch.rand(args.batch, 1, 28, 28, generator=torch.Generator().manual_seed(7)) * 2 - 1).to(device)
    y = (torch.arange(args.batch) % 10).to(device)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss

    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    for _ in range(args.warmup):
        step()
    sync()
    t0 = time.perf_counter()
    for _ in range(args.steps):
        loss = step()
    loss.item()
    sync()
    seconds = time.perf_counter() - t0
    result = {
        "benchmark": "training",
        "framework": f"pytorch {torch.__version__}",
        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else f"cpu ({torch.get_num_threads()} threads)",
        "model": f"resnet{args.depth} base {args.base_width}",
        "batch": args.batch,
        "steps": args.steps,
        "img_per_s": args.batch * args.steps / seconds,
        "final_loss": float(loss),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
