import type { OptimizerName } from '../api/training';
import type { OutputKind, TrainingChoice } from './training';
import { OPTIMIZERS } from '../api/training';
import { pyNumber } from './pytorch-layers';
import { SGD_MOMENTUM } from './training';
import { pyString } from './escape';

/** Keras's optimizer defaults in PyTorch terms (ε 1e-7, RMSprop ρ 0.9, Adadelta ρ 0.95). */
const OPTIMIZER_CODE: Readonly<Record<OptimizerName, string>> = {
  sgd: 'torch.optim.SGD(params, lr=lr)',
  momentum: `torch.optim.SGD(params, lr=lr, momentum=${pyNumber(SGD_MOMENTUM)})`,
  adam: 'torch.optim.Adam(params, lr=lr, eps=1e-7)',
  rmsprop: 'torch.optim.RMSprop(params, lr=lr, alpha=0.9, eps=1e-7)',
  adagrad: 'torch.optim.Adagrad(params, lr=lr, eps=1e-7)',
  adadelta: 'torch.optim.Adadelta(params, lr=lr, rho=0.95, eps=1e-7)',
  adamax: 'torch.optim.Adamax(params, lr=lr, eps=1e-7)',
};

const LOSS: Readonly<Record<OutputKind, string>> = {
  // The model ends in softmax (Keras style), so the loss takes log-probabilities.
  softmax: 'F.nll_loss(torch.log(output.clamp_min(1e-7)), labels)',
  sigmoid: 'F.binary_cross_entropy(output, F.one_hot(labels, output.shape[1]).float())',
  logits: 'F.cross_entropy(output, labels)',
};

/**
 * The training script at the end of the PyTorch export: argparse, an ImageFolder (or a .pt file of tensors)
 * or random data to check the set-up, and torchrun-ready DistributedDataParallel — one process by default,
 * `torchrun --nproc_per_node=N model.py` on one machine with N GPUs, `--nnodes` for a cluster.
 */
export function pyTrainSection(name: string, choice: TrainingChoice, output: OutputKind): string {
  const optimizers = OPTIMIZERS.map((o) => `        ${pyString(o)}: lambda: ${OPTIMIZER_CODE[o]},`).join(
    '\n',
  );
  return `def make_optimizer(name, params, lr):
    return {
${optimizers}
    }[name]()


def make_dataset(args, classes):
    """An image folder (one subfolder per class), a .pt file holding (inputs, labels), or random data."""
    if args.data is None:
        generator = torch.Generator().manual_seed(args.seed)
        inputs = torch.rand((args.synthetic_size, *INPUT_SHAPE), generator=generator)
        labels = torch.randint(0, classes, (args.synthetic_size,), generator=generator)
        return torch.utils.data.TensorDataset(inputs, labels)
    if args.data.endswith(".pt"):
        inputs, labels = torch.load(args.data)
        return torch.utils.data.TensorDataset(inputs.float(), labels.long())
    from torchvision import datasets, transforms

    steps = [transforms.Resize(INPUT_SHAPE[1:])]
    if INPUT_SHAPE[0] == 1:
        steps.append(transforms.Grayscale())
    steps.append(transforms.ToTensor())
    return datasets.ImageFolder(args.data, transform=transforms.Compose(steps))


def main():
    parser = argparse.ArgumentParser(description=${pyString(`Train ${name} (exported from Stride).`)})
    parser.add_argument("--data", help="image folder or .pt file; random data when omitted")
    parser.add_argument("--epochs", type=int, default=${choice.epochs})
    parser.add_argument("--batch-size", type=int, default=${choice.batchSize}, help="per process")
    parser.add_argument("--optimizer", default=${pyString(choice.optimizer)}, choices=[${OPTIMIZERS.map(pyString).join(', ')}])
    parser.add_argument("--lr", type=float, default=${pyNumber(choice.learningRate)})
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--synthetic-size", type=int, default=256)
    parser.add_argument("--out", default="model.pt")
    args = parser.parse_args()

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

    model = Model().to(device)
    model.eval()
    with torch.no_grad():
        classes = model(torch.zeros((1, *INPUT_SHAPE), device=device)).shape[1]
    dataset = make_dataset(args, classes)
    sampler = torch.utils.data.DistributedSampler(dataset) if distributed else None
    loader = torch.utils.data.DataLoader(
        dataset,
        batch_size=args.batch_size,
        shuffle=sampler is None,
        sampler=sampler,
        num_workers=args.workers,
    )
    if distributed:
        ids = [local_rank] if device.type == "cuda" else None
        model = torch.nn.parallel.DistributedDataParallel(model, device_ids=ids)
    optimizer = make_optimizer(args.optimizer, model.parameters(), args.lr)

    for epoch in range(args.epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        model.train()
        seen, correct, total_loss = 0, 0, 0.0
        for images, labels in loader:
            images, labels = images.to(device), labels.to(device)
            optimizer.zero_grad()
            output = model(images)
            loss = ${LOSS[output]}
            loss.backward()
            optimizer.step()
            seen += labels.shape[0]
            correct += (output.argmax(1) == labels).sum().item()
            total_loss += loss.item() * labels.shape[0]
        stats = torch.tensor([seen, correct, total_loss], dtype=torch.float64, device=device)
        if distributed:
            torch.distributed.all_reduce(stats)  # every process saw its own shard
        seen, correct, total_loss = stats.tolist()
        if rank == 0:
            print(f"epoch {epoch + 1}/{args.epochs}: loss {total_loss / seen:.4f}, accuracy {correct / seen:.4f}")

    if rank == 0:
        state = model.module.state_dict() if distributed else model.state_dict()
        torch.save(state, args.out)
        print(f"saved {args.out}")
    if distributed:
        torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main()
`;
}
