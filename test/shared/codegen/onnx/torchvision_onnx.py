"""torchvision models as ONNX, as torch.onnx.export writes them, with what Stride's import must find.

usage: torchvision_onnx.py OUT_DIR NAME[:bn] ...

For each NAME (a torchvision.models constructor, random weights, eval mode) writes OUT_DIR/<NAME>.onnx
(opset 13, batch axis free), OUT_DIR/<NAME>.input.bin and OUT_DIR/<NAME>.output.bin (one seeded input and
PyTorch's output, float32 little-endian), and prints one JSON line:
  params      the parameter count Stride must find. An export that keeps BatchNorm (NAME:bn,
              TrainingMode.PRESERVE): parameters + BatchNorm running statistics (Stride counts both, as Keras
              does). A default export folds each BatchNorm into the bias-free convolution before it: the
              parameters without BatchNorm's, plus one bias per BatchNorm channel.
"""
import json
import sys

import torch
import torchvision

out = sys.argv[1]
for arg in sys.argv[2:]:
    name, _, variant = arg.partition(":")
    keep_bn = variant == "bn"
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None).eval()
    # Running statistics as a trained network has them, so BatchNorm (kept or folded) is not the identity.
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.1, 0.1)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.1, 0.1)
    x = torch.rand(2, 3, 224, 224)
    file = f"{out}/{arg.replace(':', '_')}"
    torch.onnx.export(
        model,
        x,
        f"{file}.onnx",
        opset_version=13,
        training=torch.onnx.TrainingMode.PRESERVE if keep_bn else torch.onnx.TrainingMode.EVAL,
        input_names=["input"],
        output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
    )
    with torch.no_grad():
        y = model(x)
    x.numpy().astype("<f4").tofile(f"{file}.input.bin")
    y.numpy().astype("<f4").tofile(f"{file}.output.bin")
    stats = sum(m.running_mean.numel() + m.running_var.numel() for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d))
    bns = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    assert all(m.bias is None for m in model.modules() if isinstance(m, torch.nn.Conv2d)) or not bns
    folded = sum(p.numel() for p in model.parameters()) - sum(2 * m.num_features for m in bns)
    folded += sum(m.num_features for m in bns)
    print(
        json.dumps(
            {
                "name": arg,
                "file": f"{file}.onnx",
                "inputShape": list(x.shape),
                "outputShape": list(y.shape),
                "params": sum(p.numel() for p in model.parameters()) + stats if keep_bn else folded,
            }
        ),
        flush=True,
    )
