"""Stride's PyTorch engine: trains one run for the training worker, which owns this process.

Started by the worker (main/training/torch/engine.ts) as `python3 stride_torch_engine.py [--probe]`, or under
torchrun for data-parallel training. It speaks a line protocol on its standard streams:

- stdin, worker -> engine: one JSON object per line; a message with "bytes": N is followed by N raw bytes
  (an epoch's batch order as int32, or a streamed batch). `stop`, `pause` and `resume` act before the next batch.
- stdout, engine -> worker: one JSON object per line ("t": hello, ready, batch, paused, resumed, epochEnd,
  evaluated, finished, error). Everything else a library prints goes to stderr (the run's log).

The network is the module Stride's PyTorch code generator writes for the graph (the same file `stride export
--format pytorch` gives), built with the initial weights the worker drew (Keras' Glorot uniform, seeded) and
trained with the optimizer expression of the same generator. Data comes from split files the worker wrote
(float32 images NHWC in [0, 1], then int32 labels) that this process memory-maps, or as prepared batches on
stdin when the run augments. Nothing here decides what to train: the worker sends the order of every epoch and
its learning rate, and decides early stopping.
"""
import json
import math
import os
import queue
import signal
import sys
import threading
import time
import traceback

PROTOCOL = 1

_out_lock = threading.Lock()
_out = None


def _claim_stdout():
    """Protocol lines go to the real stdout; anything else printed (torch warnings, user code) to stderr."""
    global _out
    _out = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr


def send(message):
    if _out is None:
        return
    line = json.dumps(message, allow_nan=False, separators=(",", ":"))
    with _out_lock:
        _out.write(line + "\n")


def log(text):
    sys.stderr.write(f"stride engine: {text}\n")
    sys.stderr.flush()


class EngineError(Exception):
    """A failure with a code of the run's contract (the worker turns it into the run's error)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


# --------------------------------------------------------------------------------------------- probing


def _smoke(torch, device):
    """Load, allocate, one tiny training step on `device`: a conv, a matmul and their gradients."""
    started = time.perf_counter()
    try:
        gen = torch.Generator().manual_seed(0)
        x = torch.rand((2, 1, 6, 6), generator=gen).to(device)
        w = torch.rand((3, 1, 3, 3), generator=gen).to(device).requires_grad_()
        v = torch.rand((48, 4), generator=gen).to(device).requires_grad_()
        y = torch.nn.functional.conv2d(x, w).flatten(1) @ v
        y.sum().backward()
        expected = torch.nn.functional.conv2d(x.cpu(), w.detach().cpu()).flatten(1) @ v.detach().cpu()
        if not torch.allclose(y.detach().cpu(), expected, rtol=1e-3, atol=1e-3):
            raise RuntimeError("the smoke test computed a wrong result")
        if w.grad is None or not bool(torch.isfinite(w.grad).all()):
            raise RuntimeError("the smoke test's gradient is missing or not finite")
        if device.startswith("cuda"):
            torch.cuda.synchronize()
        return {"device": device, "ok": True, "ms": round((time.perf_counter() - started) * 1000, 1), "error": None}
    except Exception as error:  # reported, the worker decides
        return {"device": device, "ok": False, "ms": None, "error": f"{type(error).__name__}: {error}"}


def probe_facts():
    """What the worker's device choice needs: versions, devices, and a smoke test on each kind of device."""
    facts = {
        "t": "hello",
        "protocol": PROTOCOL,
        "python": ".".join(str(p) for p in sys.version_info[:3]),
        "executable": sys.executable,
        "torch": None,
        "cuda": None,
        "hip": None,
        "cudnn": None,
        "devices": [],
        "mps": False,
        "cores": os.cpu_count() or 1,
        "threads": None,
        "numpy": None,
        "distributed": {"available": False, "gloo": False, "nccl": False},
        "smoke": [],
        "error": None,
    }
    try:
        import torch
    except Exception as error:
        facts["error"] = f"{type(error).__name__}: {error}"
        return facts
    facts["torch"] = torch.__version__.split("+")[0]
    facts["cuda"] = getattr(torch.version, "cuda", None)
    facts["hip"] = getattr(torch.version, "hip", None)
    facts["threads"] = torch.get_num_threads()
    try:
        import numpy

        facts["numpy"] = numpy.__version__
    except Exception:
        pass
    try:
        import torch.distributed as dist

        facts["distributed"] = {
            "available": dist.is_available(),
            "gloo": dist.is_available() and dist.is_gloo_available(),
            "nccl": dist.is_available() and dist.is_nccl_available(),
        }
    except Exception:
        pass
    try:
        if torch.backends.cudnn.is_available():
            facts["cudnn"] = str(torch.backends.cudnn.version())
    except Exception:
        pass
    try:
        if torch.cuda.is_available():
            for index in range(torch.cuda.device_count()):
                props = torch.cuda.get_device_properties(index)
                facts["devices"].append(
                    {
                        "type": "cuda",
                        "index": index,
                        "name": props.name,
                        "memoryBytes": int(props.total_memory),
                        "capability": f"{props.major}.{props.minor}",
                    }
                )
    except Exception as error:
        facts["error"] = f"CUDA: {type(error).__name__}: {error}"
    try:
        mps = getattr(torch.backends, "mps", None)
        facts["mps"] = bool(mps is not None and mps.is_available())
    except Exception:
        pass
    if facts["devices"]:
        facts["smoke"].append(_smoke(torch, "cuda:0"))
    if facts["mps"]:
        facts["smoke"].append(_smoke(torch, "mps"))
    facts["smoke"].append(_smoke(torch, "cpu"))
    return facts


# --------------------------------------------------------------------------------------------- input


class Reader(threading.Thread):
    """Reads stdin: control messages act at once (flags); everything else is queued for the main loop.

    End of input means the worker is gone: the engine exits at once rather than train for nobody.
    """

    def __init__(self, engine):
        super().__init__(daemon=True)
        self.engine = engine
        self.inbox = queue.Queue()

    def run(self):
        stream = sys.stdin.buffer
        try:
            while True:
                line = stream.readline()
                if not line:
                    break
                if not line.strip():
                    continue
                message = json.loads(line)
                size = int(message.get("bytes", 0))
                payload = _read_exact(stream, size) if size > 0 else b""
                if payload is None:
                    break
                op = message.get("op")
                if op in ("stop", "pause", "resume"):
                    self.engine.control(op)
                else:
                    self.inbox.put((message, payload))
        except Exception as error:  # a broken pipe or a malformed line: the worker is gone or confused
            log(f"input failed: {type(error).__name__}: {error}")
        # Not 0: under torchrun a failed process makes it stop the others, which would wait forever.
        os._exit(75 if self.engine.world > 1 else 0)


def _read_exact(stream, size):
    chunks = []
    left = size
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# --------------------------------------------------------------------------------------------- engine


class Engine:
    def __init__(self, torch):
        self.torch = torch
        self.stop_requested = False
        self.paused = False
        self.resume_event = threading.Event()
        self.resume_event.set()
        self.reader = None
        self.model = None
        self.net = None  # the model, or its DistributedDataParallel wrapper
        self.module = None
        self.optimizer = None
        self.splits = {}
        self.buffers = {}
        # Host batches gathered from a memory map, reused: [tensor, CUDA event of its last upload or None].
        self.host_slots = {}
        self.fault = None
        self.world = 1
        self.rank = 0
        self.dist = None
        self.step_count = 0

    # control ---------------------------------------------------------------------------------------

    def control(self, op):
        if op == "stop":
            self.stop_requested = True
            self.resume_event.set()
        elif op == "pause":
            self.paused = True
            self.resume_event.clear()
        elif op == "resume":
            self.paused = False
            self.resume_event.set()

    def _checkpoint(self):
        """Before every batch: (go on?, seconds paused). Rank 0 decides for every process."""
        paused_seconds = 0.0
        if self.rank == 0 and self.paused and not self.stop_requested:
            send({"t": "paused"})
            started = time.perf_counter()
            while self.paused and not self.stop_requested:
                self.resume_event.wait(0.5)
            paused_seconds = time.perf_counter() - started
            send({"t": "resumed", "pausedSeconds": paused_seconds})
        stop = self.stop_requested
        if self.world > 1:
            flag = self.torch.tensor([1.0 if stop else 0.0], device=self.comm_device)
            self.dist.broadcast(flag, 0)
            stop = bool(flag.item() > 0)
        return (not stop), paused_seconds

    def next_message(self):
        """The next queued (message, payload) on rank 0, shared with every other rank."""
        item = self.reader.inbox.get() if self.rank == 0 else None
        if self.world > 1:
            box = [item]
            self.dist.broadcast_object_list(box, 0)
            item = box[0]
        return item

    # set-up ----------------------------------------------------------------------------------------

    def init(self, spec):
        global _data_dir
        torch = self.torch
        self.spec = spec
        _data_dir = spec.get("dataDir")
        self.device = torch.device(spec["device"])
        if self.world > 1 and self.device.type == "cuda":
            self.device = torch.device(f"cuda:{int(os.environ.get('LOCAL_RANK', '0'))}")
            torch.cuda.set_device(self.device)
        self.comm_device = self.device if (self.world > 1 and self.device.type == "cuda") else torch.device("cpu")
        threads = int(spec.get("threads") or 0)
        if threads > 0 and self.device.type == "cpu":
            torch.set_num_threads(threads)
        torch.manual_seed(int(spec.get("seed", 1)))
        self.fault = spec.get("fault")
        namespace = {"__name__": "stride_model"}
        exec(compile(spec["model"], "stride_model.py", "exec"), namespace)
        model = namespace["Model"]()
        self.keras_layers = namespace["KERAS_LAYERS"]
        self.load_keras_weights = namespace["load_keras_weights"]
        self.keras_weights = namespace["keras_weights"]
        self.manifest = spec["weights"]["manifest"]
        self._load_weights(model, _data_path(spec["weights"]["path"]))
        # Frozen layers (trainable: false in the graph) keep their weights: no gradient, no optimizer slot.
        for name in spec.get("frozen") or []:
            entry = self.keras_layers.get(name)
            if entry is None:
                continue
            module = model
            for attr in entry[0].split("."):
                module = getattr(module, attr)
            for p in module.parameters():
                p.requires_grad_(False)
            # A frozen BatchNorm keeps its running statistics too (momentum 0: they never move).
            if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
                module.momentum = 0.0
        model.to(self.device)
        if self.world > 1 and self.device.type == "cuda":
            model = torch.nn.SyncBatchNorm.convert_sync_batchnorm(model)
        self.model = model
        if self.world > 1:
            ids = [self.device.index] if self.device.type == "cuda" else None
            self.net = torch.nn.parallel.DistributedDataParallel(model, device_ids=ids)
        else:
            self.net = model
        lr = float(spec["learningRate"])
        trainable = [p for p in model.parameters() if p.requires_grad]
        self.optimizer = eval(spec["optimizer"], {"torch": torch}, {"params": trainable, "lr": lr})
        self.classes = int(spec["classes"])
        self.transform = spec.get("transform") or {}
        stats = spec.get("normalization")
        self.norm = None
        if stats is not None:
            mean = torch.tensor(stats["mean"], dtype=torch.float32, device=self.device).view(1, -1, 1, 1)
            std = torch.tensor(stats["std"], dtype=torch.float32, device=self.device).view(1, -1, 1, 1)
            self.norm = (mean, std)
        self.source_shape = [int(v) for v in spec["sourceShape"]]  # [H, W, C] of the stored images
        self.feed = spec["feed"]
        for name, split in spec["splits"].items():
            self.splits[name] = self._open_split(split)
        params = sum(p.numel() for p in model.parameters() if p.requires_grad)
        if self.rank == 0:
            log(
                f"torch {torch.__version__} on {self.device}, {params} trainable parameters, "
                f"{self.world} process(es), {torch.get_num_threads()} thread(s) each, feed {self.feed}"
            )
        send(
            {
                "t": "ready",
                "params": int(params),
                "device": str(self.device),
                "world": self.world,
                "resident": {k: v["resident"] for k, v in self.splits.items()},
            }
        )

    def _load_weights(self, model, path):
        torch = self.torch
        with open(path, "rb") as f:
            raw = torch.frombuffer(bytearray(f.read()), dtype=torch.float32)
        offset = 0
        weights = {}
        for entry in self.manifest:
            arrays = []
            for shape in entry["shapes"]:
                size = 1
                for d in shape:
                    size *= int(d)
                arrays.append(raw[offset : offset + size].view(*shape))
                offset += size
            weights[entry["name"]] = arrays
        if offset != raw.numel():
            raise EngineError(
                "TORCH_WEIGHTS_MISMATCH", f"the initial weights file holds {raw.numel()} values, the manifest {offset}"
            )
        self.load_keras_weights(model, weights)

    def _open_split(self, split):
        """A split file: images [count, H, W, C] — bytes k for pixels k/255, else float32 in [0, 1] — then int32
        labels, memory-mapped (torch.from_file). Kept in the GPU's memory when it fits (bytes stay bytes)."""
        torch = self.torch
        count = int(split["count"])
        h, w, c = self.source_shape
        byte = split.get("dtype") == "uint8"
        if count == 0:
            return {"count": 0, "images": None, "labels": None, "resident": False, "byte": byte}
        size = count * h * w * c * (1 if byte else 4)
        mapped = torch.from_file(_data_path(split["path"]), shared=False, size=size + 4 * count, dtype=torch.uint8)
        images = mapped[:size] if byte else mapped[:size].view(torch.float32)
        images = images.view(count, h, w, c)
        # The labels start wherever the images end: copied out (4 int32 bytes need not be aligned there).
        labels = mapped[size:].clone().view(torch.int32).long()
        resident = False
        if self.device.type != "cpu" and size <= int(self.spec.get("residentBytes", 0)):
            images = images.to(self.device)
            labels = labels.to(self.device)
            resident = True
        return {"count": count, "images": images, "labels": labels, "resident": resident, "byte": byte}

    # data ------------------------------------------------------------------------------------------

    def _gather(self, split, index):
        """Images and labels of `index` (an int64 tensor) on the device, transformed and normalised: NCHW, laid
        out channels-last (the stored NHWC order, which PyTorch's convolutions take as they are)."""
        torch = self.torch
        if split["resident"]:
            idx = index.to(self.device, non_blocking=True)
            x = split["images"].index_select(0, idx)
            y = split["labels"].index_select(0, idx)
        else:
            x, y, slot = self._staged(split, index)
            if self.device.type != "cpu":
                # Asynchronous from pinned memory on CUDA (an event guards the buffer); a plain copy elsewhere,
                # so the reused buffer is never read after it is refilled.
                cuda = self.device.type == "cuda"
                x = x.to(self.device, non_blocking=cuda)
                y = y.to(self.device, non_blocking=cuda)
                if cuda:
                    # The host buffer is gathered into again only after this upload has read it.
                    slot[1] = torch.cuda.Event()
                    slot[1].record()
        x = x.permute(0, 3, 1, 2)
        if self.device.type == "cpu" and not self.transform:
            # On the CPU a fresh batch-sized tensor per step costs page faults (glibc maps big blocks anew each
            # time): convert and normalise into a buffer kept for the next batch (its step is done with it).
            buffer = self._buffer(x.shape)
            buffer.copy_(x)
            if split["byte"]:
                buffer.div_(255)  # float32 k / 255: exactly the worker's pixels (feed.ts isByteImages)
            if self.norm is not None:
                mean, std = self.norm
                buffer.sub_(mean).div_(std)
            return buffer, y
        # float32 k / 255: exactly the worker's pixels (feed.ts isByteImages).
        x = x.float().div_(255) if split["byte"] else x.float()
        return self._prepare(x), y

    def _staged(self, split, index, stage=None):
        """The host's share of a batch from a memory-mapped split: gathered in file order (a memory map reads
        faster so; labels follow) into a host buffer kept for the next batch of this size — pinned for an
        accelerator, so the upload is asynchronous. `stage` asks for the accelerator path on the CPU device (the
        feed benchmark measures what the host does per batch for a GPU on a machine without one). Returns the
        images, the labels and the buffer's slot (for the upload's event)."""
        torch = self.torch
        if stage is None:
            stage = self.device.type != "cpu"
        pinned = stage and torch.cuda.is_available()
        order = torch.sort(index).values
        images = split["images"]
        n = int(order.shape[0])
        # Rows of the flat [count, H·W·C] view: one memcpy per image. A 4-D index_select walks the bytes one
        # by one, and a fresh batch-sized tensor per step costs the kernel's page faults (10–25× slower).
        flat = images.view(images.shape[0], -1)
        slot = self._host_slot((n, flat.shape[1], flat.dtype, pinned), pinned)
        x = torch.index_select(flat, 0, order, out=slot[0]).view(n, *images.shape[1:])
        y = split["labels"].index_select(0, order)
        if pinned:
            y = y.pin_memory()
        return x, y, slot

    def _host_slot(self, key, pinned):
        """The reusable host buffer for batches of `key`'s size, once its last upload has read it."""
        slot = self.host_slots.get(key)
        if slot is None:
            n, row, dtype, _ = key
            tensor = self.torch.empty((n, row), dtype=dtype)
            slot = [tensor.pin_memory() if pinned else tensor, None]
            self.host_slots[key] = slot
        if slot[1] is not None:
            slot[1].synchronize()
            slot[1] = None
        return slot

    def _buffer(self, shape):
        """A float32 NCHW tensor laid out channels-last, reused for every batch of this shape."""
        key = tuple(shape)
        if key not in self.buffers:
            n, c, h, w = key
            self.buffers[key] = self.torch.empty((n, h, w, c)).permute(0, 3, 1, 2)
        return self.buffers[key]

    def _prepare(self, x):
        """The run's transform (channels, resize, pad) and normalisation, on the device."""
        F = self.torch.nn.functional
        t = self.transform
        channels = t.get("channels")
        if channels is not None and channels != x.shape[1]:
            if channels == 3:
                x = x.expand(-1, 3, -1, -1)
            else:
                weights = self.torch.tensor([0.299, 0.587, 0.114], device=x.device).view(1, 3, 1, 1)
                x = (x * weights).sum(dim=1, keepdim=True)
        resize = t.get("resize")
        if resize is not None:
            x = F.interpolate(x, size=(int(resize[0]), int(resize[1])), mode="bilinear", align_corners=False)
        pad = t.get("pad")
        if pad is not None:
            top, bottom, left, right = (int(v) for v in pad)
            x = F.pad(x, (left, right, top, bottom))
        if self.norm is not None:
            mean, std = self.norm
            x = (x - mean) / std
        return x

    def _streamed(self, message, payload):
        """A prepared batch from the worker: float32 NHWC images (already transformed and normalised), int32 labels."""
        torch = self.torch
        count = int(message["count"])
        h, w, c = (int(v) for v in message["shape"])
        size = count * h * w * c
        data = bytearray(payload)
        x = torch.frombuffer(data, dtype=torch.float32, count=size).view(count, h, w, c).permute(0, 3, 1, 2)
        y = torch.frombuffer(data, dtype=torch.int32, offset=size * 4, count=count).long()
        if self.device.type != "cpu":
            x = x.pin_memory().to(self.device, non_blocking=True)
            y = y.pin_memory().to(self.device, non_blocking=True)
        return x, y

    # training --------------------------------------------------------------------------------------

    def _shard(self, index):
        """This process's part of a batch: contiguous, equal where the batch divides (DDP averages gradients)."""
        if self.world == 1:
            return index
        return self.torch.tensor_split(index, self.world)[self.rank]

    def epoch(self, message, payload):
        torch = self.torch
        F = torch.nn.functional
        epoch = int(message["epoch"])
        for group in self.optimizer.param_groups:
            group["lr"] = float(message["learningRate"])
        batches = int(message["batches"])
        batch_size = int(message["batchSize"])
        order = _int32s(torch, payload) if self.feed == "file" else None
        self.net.train()
        train_seconds = 0.0
        paused_seconds = 0.0
        seen = 0
        stopped = False
        pending = []
        flushed_at = time.perf_counter()
        cuda = self.device.type == "cuda"

        def flush():
            nonlocal flushed_at
            if not pending:
                return
            now = time.perf_counter()
            values = torch.stack([torch.stack([p[2], p[3], p[4]]) for p in pending]).double().cpu().tolist()
            spent = (now - flushed_at) / len(pending)
            for (e, b, _l, _c, _n, ms), (loss_sum, correct, count) in zip(pending, values):
                loss = loss_sum / max(count, 1)
                if not math.isfinite(loss):
                    raise EngineError(
                        "TRAINING_DIVERGED",
                        f"The loss became {loss} at epoch {e}, batch {b}: training diverged. Lower the learning rate (it was {message['learningRate']}) or use adam.",
                    )
                if self.rank == 0:
                    send(
                        {
                            "t": "batch",
                            "epoch": e,
                            "batch": b,
                            "loss": loss,
                            "accuracy": correct / max(count, 1),
                            "count": int(count),
                            "ms": ms if ms is not None else spent * 1000,
                        }
                    )
            pending.clear()
            flushed_at = now

        for b in range(batches):
            go, waited = self._checkpoint()
            paused_seconds += waited
            if waited > 0:
                flushed_at += waited
            if not go:
                stopped = True
                break
            started = time.perf_counter()
            if self.feed == "file":
                index = order[b * batch_size : (b + 1) * batch_size]
                count = int(len(index))
                x, y = self._gather(self.splits["train"], self._shard(index))
            else:
                frame = self.next_message()
                if frame[0].get("op") != "batch":
                    raise EngineError("TORCH_PROTOCOL", f"expected a streamed batch, got {frame[0].get('op')!r}")
                x, y = self._streamed(*frame)
                count = int(frame[0]["count"])
                if self.world > 1:
                    part = self._shard(torch.arange(x.shape[0]))
                    x, y = x[part], y[part]
            self._maybe_fault(epoch, b + 1)
            self.optimizer.zero_grad(set_to_none=True)
            logits = self.net(x)
            loss = F.cross_entropy(logits, y)
            loss.backward()
            self.optimizer.step()
            with torch.no_grad():
                n = torch.tensor(float(y.shape[0]), device=loss.device)
                stats = torch.stack([loss.detach() * n, (logits.argmax(1) == y).sum().to(loss.dtype), n])
                if self.world > 1:
                    stats = stats.to(self.comm_device)
                    self.dist.all_reduce(stats)
            seen += count
            if cuda:
                # No sync per batch: losses are read in groups (every ~0.1 s), so the GPU never waits for Python.
                pending.append((epoch, b + 1, stats[0], stats[1], stats[2], None))
                if time.perf_counter() - flushed_at >= 0.1:
                    flush()
            else:
                ms = (time.perf_counter() - started) * 1000
                pending.append((epoch, b + 1, stats[0], stats[1], stats[2], ms))
                flush()
            train_seconds += time.perf_counter() - started
        flush()
        if cuda:
            torch.cuda.synchronize()
        if self.rank == 0:
            log(f"epoch {epoch}: {seen} images in {train_seconds:.2f} s{' (stopped)' if stopped else ''}")
            send(
                {
                    "t": "epochEnd",
                    "epoch": epoch,
                    "stopped": stopped,
                    "seen": seen,
                    "trainSeconds": train_seconds,
                    "pausedSeconds": paused_seconds,
                }
            )

    def _maybe_fault(self, epoch, batch):
        """Fault injection for the tests (only when the worker runs with STRIDE_WORKER_DEBUG=1)."""
        fault = self.fault
        if not fault or self.rank != 0 or fault.get("epoch", 1) != epoch or fault.get("batch", 1) != batch:
            return
        kind = fault.get("kind")
        if kind == "oom":
            raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB (fault injected by a test)")
        if kind == "crash":
            os.kill(os.getpid(), signal.SIGKILL)
        if kind == "hang":
            time.sleep(3600)

    def bench_feed(self, message, payload):
        """The data path alone (test/bench/torch-feed.bench.ts): batches gathered or received, transformed and
        normalised on the device as in training, nothing trained."""
        torch = self.torch
        batches, size = int(message["batches"]), int(message["batchSize"])
        order = _int32s(torch, payload) if self.feed == "file" else None
        started = time.perf_counter()
        cpu_started = time.process_time()
        count = 0
        checksum = 0.0
        for b in range(batches):
            if self.feed == "file" and message.get("hostOnly"):
                x, y, _ = self._staged(self.splits["train"], order[b * size : (b + 1) * size], stage=True)
            elif self.feed == "file":
                x, y = self._gather(self.splits["train"], order[b * size : (b + 1) * size])
            else:
                x, y = self._streamed(*self.next_message())
                send({"t": "fed", "batch": b + 1})
            count += int(y.shape[0])
            checksum += float(x[:, 0, 0].float().sum()) if b % 16 == 0 else 0.0
        if self.device.type == "cuda":
            torch.cuda.synchronize()
        # CPU time of this process (all its threads) beside the wall time: on a shared machine the wall time
        # measures the other work too, the CPU time what the path itself costs.
        send(
            {
                "t": "benchFed",
                "images": count,
                "seconds": time.perf_counter() - started,
                "cpuSeconds": time.process_time() - cpu_started,
                "checksum": checksum,
            }
        )

    # evaluation ------------------------------------------------------------------------------------

    def evaluate(self, name, probabilities_path=None):
        """Mean cross-entropy of clipped probabilities (as Keras computes it) and accuracy; optionally every
        image's class probabilities written as float32 [count, classes]."""
        torch = self.torch
        split = self.splits[name]
        count = split["count"]
        if self.rank != 0:
            return None
        model = self.model
        model.eval()
        loss_sum = 0.0
        correct = 0
        chunk = 1024 if self.device.type != "cpu" else 256
        out = open(_data_path(probabilities_path), "wb") if probabilities_path else None
        try:
            with torch.no_grad():
                for start in range(0, count, chunk):
                    index = torch.arange(start, min(count, start + chunk))
                    x, y = self._gather(split, index)
                    p = torch.softmax(model(x).float(), dim=1)
                    picked = p.gather(1, y.view(-1, 1)).clamp(1e-7, 1 - 1e-7)
                    loss_sum += float(-picked.log().sum())
                    correct += int((p.argmax(1) == y).sum())
                    if out is not None:
                        out.write(_bytes(p))
        finally:
            if out is not None:
                out.close()
        return {
            "loss": loss_sum / count if count else None,
            "accuracy": correct / count if count else None,
            "count": count,
        }

    def finish(self, message):
        started = time.perf_counter()
        result = self.evaluate("test", message.get("predictions")) if self.splits.get("test", {}).get("count") else None
        if self.rank == 0:
            self._write_weights(_data_path(message["weights"]))
            log(f"test split evaluated and weights written in {time.perf_counter() - started:.2f} s")
            send({"t": "finished", "test": result})

    def _write_weights(self, path):
        """The trained weights in Keras layout (the generated keras_weights), in the manifest's order."""
        weights = self.keras_weights(self.model)
        with open(path, "wb") as out:
            for entry in self.manifest:
                arrays = weights.get(entry["name"])
                if arrays is None or len(arrays) != len(entry["shapes"]):
                    raise EngineError("TORCH_WEIGHTS_MISMATCH", f"no trained weights for layer {entry['name']}")
                for array, shape in zip(arrays, entry["shapes"]):
                    if list(array.shape) != list(shape):
                        raise EngineError(
                            "TORCH_WEIGHTS_MISMATCH",
                            f"layer {entry['name']}: trained weight of shape {list(array.shape)}, expected {shape}",
                        )
                    out.write(_bytes(array))

    # loop ------------------------------------------------------------------------------------------

    def serve(self):
        if self.rank == 0:
            self.reader = Reader(self)
            self.reader.start()
        while True:
            message, payload = self.next_message()
            op = message.get("op")
            if op == "init":
                self.init(message)
            elif op == "epoch":
                self.epoch(message, payload)
            elif op == "benchFeed":
                self.bench_feed(message, payload)
            elif op == "evaluate":
                result = self.evaluate(message["split"])
                if self.rank == 0:
                    send(dict({"t": "evaluated", "split": message["split"]}, **result))
            elif op == "finish":
                self.finish(message)
            elif op == "quit":
                return
            elif op == "batch":
                continue  # sent ahead for an epoch that was stopped
            else:
                raise EngineError("TORCH_PROTOCOL", f"unknown message {op!r}")


_data_dir = None


def _int32s(torch, payload):
    """Little-endian int32s from the worker as an int64 tensor (indices)."""
    return torch.frombuffer(bytearray(payload), dtype=torch.int32).long()


def _bytes(tensor):
    """A tensor's float32 values as bytes (little-endian, as every platform torch runs on), without numpy."""
    import ctypes

    t = tensor.detach().float().cpu().contiguous()
    return ctypes.string_at(t.data_ptr(), t.numel() * 4)


def _data_path(path):
    """Paths in messages are relative to the data folder: STRIDE_ENGINE_DATA_DIR when the worker started this
    process for the run (under torchrun each machine's worker sets its own), else the init message's."""
    if path is None:
        return None
    base = os.environ.get("STRIDE_ENGINE_DATA_DIR") or _data_dir
    return path if base is None or os.path.isabs(path) else os.path.join(base, path)


def _error_code(error):
    if isinstance(error, EngineError):
        return error.code, str(error)
    text = f"{type(error).__name__}: {error}"
    if "out of memory" in str(error).lower() or type(error).__name__ == "OutOfMemoryError":
        return (
            "TORCH_OUT_OF_MEMORY",
            f"The device ran out of memory ({error}). Use a smaller batch size or a smaller network.",
        )
    return "TORCH_ENGINE_FAILED", text


def _watch_parent():
    """Ranks other than 0 have no stdin to see the worker go: they leave when their parent does."""
    parent = os.getppid()

    def watch():
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(75)

    threading.Thread(target=watch, daemon=True).start()


def serve():
    _claim_stdout()
    if os.environ.get("RANK", "0") != "0":
        _watch_parent()
    facts = probe_facts()
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    if facts["torch"] is None:
        if rank == 0:
            send(facts)
        return 3
    import torch

    engine = Engine(torch)
    engine.world = world
    engine.rank = rank
    if world > 1:
        import datetime
        import torch.distributed as dist

        # A paused run holds every process at a collective: let it wait for as long as the user pauses.
        backend = "nccl" if torch.cuda.is_available() and os.environ.get("STRIDE_TORCH_DIST") != "gloo" else "gloo"
        dist.init_process_group(backend, timeout=datetime.timedelta(days=7))
        engine.dist = dist
        facts["world"] = world
        facts["distributedBackend"] = backend
    if rank == 0:
        send(facts)
    try:
        engine.serve()
        return 0
    except BaseException as error:  # every failure is reported with its code before the process ends
        code, text = _error_code(error)
        log(traceback.format_exc())
        if rank == 0:
            send({"t": "error", "code": code, "message": text})
        return 1
    finally:
        if world > 1:
            try:
                engine.dist.destroy_process_group()
            except Exception:
                pass


def main():
    if "--probe" in sys.argv:
        _claim_stdout()
        send(probe_facts())
        return 0
    return serve()


if __name__ == "__main__":
    code = main()
    # Straight out: the input thread may sit in a read of stdin, which a normal interpreter exit would wait on
    # (and abort with "could not acquire lock" on).
    sys.stderr.flush()
    if _out is not None:
        _out.flush()
    os._exit(code)
