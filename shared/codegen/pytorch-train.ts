import type { OptimizerName, Schedule } from '../api/training';
import type { TrainingChoice } from './training';
import { OPTIMIZERS } from '../api/training';
import { pyNumber } from './pytorch-layers';
import { SGD_MOMENTUM } from './training';
import { pyString } from './escape';

/**
 * Each optimizer as TensorFlow.js builds it (what Stride's tfjs rungs train with, Keras's hyper-parameters) in
 * PyTorch terms, with `params` and `lr` in scope: ε 1e-7 throughout, RMSprop ρ 0.9, Adadelta ρ 0.95, Adagrad's
 * accumulator starting at 0.1. The one table: the exported training script and the torch rung's engine both
 * build their optimizer from it.
 */
export const OPTIMIZER_CODE: Readonly<Record<OptimizerName, string>> = {
  sgd: 'torch.optim.SGD(params, lr=lr)',
  momentum: `torch.optim.SGD(params, lr=lr, momentum=${pyNumber(SGD_MOMENTUM)})`,
  adam: 'torch.optim.Adam(params, lr=lr, eps=1e-7)',
  rmsprop: 'torch.optim.RMSprop(params, lr=lr, alpha=0.9, eps=1e-7)',
  adagrad: 'torch.optim.Adagrad(params, lr=lr, eps=1e-7, initial_accumulator_value=0.1)',
  adadelta: 'torch.optim.Adadelta(params, lr=lr, rho=0.95, eps=1e-7)',
  adamax: 'torch.optim.Adamax(params, lr=lr, eps=1e-7)',
};

/** The schedule as a Python expression of `lr` (the initial rate), `epoch` (0-based) and `epochs`. */
function scheduleCode(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'constant':
      return 'lr';
    case 'step':
      return `lr * ${pyNumber(schedule.factor)} ** (epoch // ${schedule.everyEpochs})`;
    case 'cosine': {
      const min = pyNumber(schedule.minLearningRate);
      return `min(${min}, lr) + (lr - min(${min}, lr)) * (1 + math.cos(math.pi * epoch / max(1, epochs))) / 2`;
    }
  }
}

const scheduleText = (s: Schedule): string =>
  s.kind === 'constant'
    ? 'constant learning rate'
    : s.kind === 'step'
      ? `learning rate × ${pyNumber(s.factor)} every ${s.everyEpochs} epochs`
      : `cosine decay of the learning rate over the epochs (to ${pyNumber(s.minLearningRate)})`;

/**
 * The training script at the end of the PyTorch export, with the app's defaults: Keras initialisation, the
 * optimizer from OPTIMIZER_CODE, the schedule, CrossEntropyLoss on forward()'s logits, a seeded validation
 * split. Data: an image folder, a folder of MNIST-style IDX files, a .pt file of tensors; random data only when
 * asked (`--synthetic`). torchrun-ready DistributedDataParallel: one process by default, `torchrun
 * --nproc_per_node=N model.py` on one machine with N GPUs, `--nnodes` for a cluster.
 */
export function pyTrainSection(name: string, choice: TrainingChoice): string {
  const optimizers = OPTIMIZERS.map((o) => `        ${pyString(o)}: lambda: ${OPTIMIZER_CODE[o]},`).join(
    '\n',
  );
  return `def keras_init(model):
    """Keras's initialisation, as Stride trains: Glorot-uniform weights, zero biases (BatchNorm γ 1, β 0)."""
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(module.weight)
            if module.bias is not None:
                nn.init.zeros_(module.bias)


def make_optimizer(name, params, lr):
    return {
${optimizers}
    }[name]()


def learning_rate(lr, epoch, epochs):
    """Epoch \`epoch\` (0-based) of \`epochs\`: ${scheduleText(choice.schedule)}."""
    return ${scheduleCode(choice.schedule)}


def read_idx(path):
    """An MNIST-style IDX file (optionally .gz) as a uint8 tensor."""
    import gzip

    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        raw = f.read()
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(raw[3])]
    return torch.frombuffer(bytearray(raw[4 + 4 * len(dims) :]), dtype=torch.uint8).view(*dims)


def make_dataset(args, classes):
    """An image folder (one subfolder per class), a folder of IDX files, a .pt file of (inputs, labels), or
    random data with --synthetic."""
    if args.synthetic:
        generator = torch.Generator().manual_seed(args.seed)
        inputs = torch.rand((args.synthetic_size, *INPUT_SHAPE), generator=generator)
        labels = torch.randint(0, classes, (args.synthetic_size,), generator=generator)
        return torch.utils.data.TensorDataset(inputs, labels)
    if args.data.endswith(".pt"):
        inputs, labels = torch.load(args.data)
        return torch.utils.data.TensorDataset(inputs.float(), labels.long())
    idx = [os.path.join(args.data, f) for f in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte")]
    for gz in (False, True):
        files = [f + ".gz" if gz else f for f in idx]
        if all(os.path.exists(f) for f in files):
            images = read_idx(files[0]).float().div(255).unsqueeze(1)
            images = torch.nn.functional.interpolate(images, size=INPUT_SHAPE[1:], mode="bilinear", align_corners=False) if tuple(images.shape[2:]) != INPUT_SHAPE[1:] else images
            return torch.utils.data.TensorDataset(images.expand(-1, INPUT_SHAPE[0], -1, -1).contiguous(), read_idx(files[1]).long())
    from torchvision import datasets, transforms

    steps = [transforms.Resize(INPUT_SHAPE[1:])]
    if INPUT_SHAPE[0] == 1:
        steps.append(transforms.Grayscale())
    steps.append(transforms.ToTensor())
    return datasets.ImageFolder(args.data, transform=transforms.Compose(steps))


def main():
    parser = argparse.ArgumentParser(description=${pyString(`Train ${name} (exported from Stride).`)})
    parser.add_argument("--data", help="image folder, folder of MNIST-style IDX files, or .pt file of (inputs, labels)")
    parser.add_argument("--synthetic", action="store_true", help="train on random data (checks the set-up only)")
    parser.add_argument("--epochs", type=int, default=${choice.epochs})
    parser.add_argument("--batch-size", type=int, default=${choice.batchSize}, help="per process")
    parser.add_argument("--optimizer", default=${pyString(choice.optimizer)}, choices=[${OPTIMIZERS.map(pyString).join(', ')}])
    parser.add_argument("--lr", type=float, default=${pyNumber(choice.learningRate)})
    parser.add_argument("--validation-split", type=float, default=${pyNumber(choice.validationSplit)})
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--synthetic-size", type=int, default=256)
    parser.add_argument("--out", default="model.pt")
    args = parser.parse_args()
    if args.data is None and not args.synthetic:
        parser.error("give --data (an image folder, IDX folder or .pt file), or --synthetic to try it on random data")

    # torchrun sets WORLD_SIZE/RANK/LOCAL_RANK; without it this is a single process.
    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    if distributed:
        torch.distributed.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    rank = torch.distributed.get_rank() if distributed else 0
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    device = torch.device(f"cuda:{local_rank}" if torch.cuda.is_available() else "cpu")
    if device.type == "cuda":
        torch.cuda.set_device(device)
    torch.manual_seed(args.seed)

    model = Model()
    keras_init(model)
    model.to(device).eval()
    with torch.no_grad():
        classes = model(torch.zeros((1, *INPUT_SHAPE), device=device)).shape[1]
    dataset = make_dataset(args, classes)
    held = int(round(len(dataset) * args.validation_split))
    split = torch.Generator().manual_seed(args.seed)
    train_set, val_set = torch.utils.data.random_split(dataset, [len(dataset) - held, held], generator=split)
    sampler = torch.utils.data.DistributedSampler(train_set) if distributed else None
    loader = torch.utils.data.DataLoader(
        train_set,
        batch_size=args.batch_size,
        shuffle=sampler is None,
        sampler=sampler,
        num_workers=args.workers,
    )
    if distributed:
        ids = [local_rank] if device.type == "cuda" else None
        model = torch.nn.parallel.DistributedDataParallel(model, device_ids=ids)
    optimizer = make_optimizer(args.optimizer, model.parameters(), args.lr)
    plain = model.module if distributed else model

    for epoch in range(args.epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(args.lr, epoch, args.epochs)
        model.train()
        seen, correct, total_loss = 0, 0, 0.0
        for images, labels in loader:
            images, labels = images.to(device), labels.to(device)
            optimizer.zero_grad()
            logits = model(images)
            loss = torch.nn.functional.cross_entropy(logits, labels)
            loss.backward()
            optimizer.step()
            seen += labels.shape[0]
            correct += (logits.argmax(1) == labels).sum().item()
            total_loss += loss.item() * labels.shape[0]
        stats = torch.tensor([seen, correct, total_loss], dtype=torch.float64, device=device)
        if distributed:
            torch.distributed.all_reduce(stats)  # every process saw its own shard
        seen, correct, total_loss = stats.tolist()
        if rank == 0:
            line = f"epoch {epoch + 1}/{args.epochs}: loss {total_loss / seen:.4f}, accuracy {correct / seen:.4f}"
            if held > 0:
                plain.eval()
                hits = 0
                with torch.no_grad():
                    for images, labels in torch.utils.data.DataLoader(val_set, batch_size=256):
                        hits += (plain.predict(images.to(device)).argmax(1) == labels.to(device)).sum().item()
                line += f", validation accuracy {hits / held:.4f}"
            print(line)

    if rank == 0:
        torch.save(plain.state_dict(), args.out)
        print(f"saved {args.out}")
    if distributed:
        torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main()
`;
}
