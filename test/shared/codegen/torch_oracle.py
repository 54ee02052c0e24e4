"""PyTorch oracle for the PyTorch export (run by pytorch-export.test.ts with Debian's /usr/bin/python3).

Reads a manifest (argv[1]): a list of {id, path, weights?, input?}. For each exported file: imports it, builds
Model() with no arguments, counts trainable parameters, runs a forward pass in eval mode and reports the
output shape. When the manifest carries Keras/tfjs weights and an input (channels last), it loads them with the
file's own load_keras_weights and reports predict()'s output (channels last again) for comparison with tfjs,
and whether the file's keras_weights gives back exactly the arrays that were loaded.
Everything in one process: importing torch costs seconds.
"""
import importlib.util
import json
import sys
import time

import torch


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    manifest = json.load(open(sys.argv[1]))
    results = {}
    for entry in manifest:
        started = time.time()
        try:
            module = load(entry["path"], "exported_" + entry["id"].replace("-", "_"))
            model = module.Model().eval()
            trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
            with torch.no_grad():
                if "weights" in entry:
                    module.load_keras_weights(model, entry["weights"])
                    x = torch.tensor(entry["input"], dtype=torch.float32)
                    if x.dim() == 4:
                        x = x.permute(0, 3, 1, 2)
                else:
                    x = torch.zeros((1, *module.INPUT_SHAPE))
                y = model.predict(x)
            if y.dim() == 4:
                y = y.permute(0, 2, 3, 1)
            result = {"trainable": trainable, "shape": list(y.shape), "inputShape": list(module.INPUT_SHAPE)}
            if "weights" in entry:
                result["output"] = y.reshape(-1).tolist()
                back = module.keras_weights(model)
                result["roundTrip"] = sorted(back) == sorted(entry["weights"]) and all(
                    len(back[name]) == len(arrays)
                    and all(torch.equal(torch.as_tensor(b), torch.as_tensor(a, dtype=torch.float32)) for b, a in zip(back[name], arrays))
                    for name, arrays in entry["weights"].items()
                )
            result["seconds"] = round(time.time() - started, 3)
            results[entry["id"]] = result
        except Exception as error:  # reported per model, the others still run
            results[entry["id"]] = {"error": f"{type(error).__name__}: {error}"}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
