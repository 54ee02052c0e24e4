"""PyTorch/torchvision reference for the presets: parameter counts, BatchNorm running-stat sizes and per-layer
output shapes. Prints one JSON object. Run by torch-reference.test.ts with Debian's /usr/bin/python3."""
import json
from collections import OrderedDict

import torch
import torch.nn as nn
import torchvision
from torchvision.models.googlenet import BasicConv2d

torch.set_num_threads(1)
torch.manual_seed(0)


def seq(*pairs):
    return nn.Sequential(OrderedDict(pairs))


def lenet5():
    return seq(('c1', nn.Conv2d(1, 6, 5)), ('t1', nn.Tanh()), ('s2', nn.AvgPool2d(2, 2)),
               ('c3', nn.Conv2d(6, 16, 5)), ('t3', nn.Tanh()), ('s4', nn.AvgPool2d(2, 2)),
               ('c5', nn.Conv2d(16, 120, 5)), ('t5', nn.Tanh()), ('flatten', nn.Flatten()),
               ('f6', nn.Linear(120, 84)), ('t6', nn.Tanh()), ('output', nn.Linear(84, 10))), (1, 32, 32)


def mnist_keras():
    # Keras 'same' for a 3×3 stride-1 conv is padding 1 on every side.
    return seq(('conv2d_3', nn.Conv2d(1, 32, 3, padding=1)), ('r1', nn.ReLU()), ('max_pooling2d_3', nn.MaxPool2d(2)),
               ('conv2d_4', nn.Conv2d(32, 64, 3, padding=1)), ('r2', nn.ReLU()), ('max_pooling2d_4', nn.MaxPool2d(2)),
               ('conv2d_5', nn.Conv2d(64, 64, 3, padding=1)), ('r3', nn.ReLU()), ('max_pooling2d_5', nn.MaxPool2d(2)),
               ('flatten', nn.Flatten()), ('dense', nn.Linear(576, 64)), ('r4', nn.ReLU()),
               ('dense_1', nn.Linear(64, 10))), (1, 28, 28)


def mnist_pytorch():
    # Lecture note 004, verbatim layer list.
    return seq(('conv1', nn.Conv2d(1, 16, 5)), ('r1', nn.ReLU()), ('conv2', nn.Conv2d(16, 32, 5)), ('r2', nn.ReLU()),
               ('pool1', nn.MaxPool2d(2, 2)), ('conv3', nn.Conv2d(32, 64, 5)), ('r3', nn.ReLU()),
               ('pool2', nn.MaxPool2d(2, 2)), ('flatten', nn.Flatten()), ('fc1', nn.Linear(64 * 3 * 3, 100)),
               ('r4', nn.ReLU()), ('fc2', nn.Linear(100, 10))), (1, 28, 28)


def alexnet_single_tower():
    # Lecture note 003's "Full (simplified) AlexNet architecture".
    return seq(('conv1', nn.Conv2d(3, 96, 11, stride=4)), ('r1', nn.ReLU()), ('pool1', nn.MaxPool2d(3, 2)),
               ('norm1', nn.LocalResponseNorm(5, 1e-4, 0.75, 2.0)),
               ('conv2', nn.Conv2d(96, 256, 5, padding=2)), ('r2', nn.ReLU()), ('pool2', nn.MaxPool2d(3, 2)),
               ('norm2', nn.LocalResponseNorm(5, 1e-4, 0.75, 2.0)),
               ('conv3', nn.Conv2d(256, 384, 3, padding=1)), ('r3', nn.ReLU()),
               ('conv4', nn.Conv2d(384, 384, 3, padding=1)), ('r4', nn.ReLU()),
               ('conv5', nn.Conv2d(384, 256, 3, padding=1)), ('r5', nn.ReLU()), ('pool3', nn.MaxPool2d(3, 2)),
               ('flatten', nn.Flatten()), ('drop6', nn.Dropout()), ('fc6', nn.Linear(6 * 6 * 256, 4096)),
               ('r6', nn.ReLU()), ('drop7', nn.Dropout()), ('fc7', nn.Linear(4096, 4096)), ('r7', nn.ReLU()),
               ('fc8', nn.Linear(4096, 1000))), (3, 227, 227)


class Inception(nn.Module):
    """Szegedy et al. 2014, fig. 2b: convs with bias + ReLU, a real 5×5."""

    def __init__(self, cin, c1, r3, c3, r5, c5, pp):
        super().__init__()
        relu = lambda: nn.ReLU(inplace=True)
        self.b1 = nn.Sequential(nn.Conv2d(cin, c1, 1), relu())
        self.b2 = nn.Sequential(nn.Conv2d(cin, r3, 1), relu(), nn.Conv2d(r3, c3, 3, padding=1), relu())
        self.b3 = nn.Sequential(nn.Conv2d(cin, r5, 1), relu(), nn.Conv2d(r5, c5, 5, padding=2), relu())
        self.b4 = nn.Sequential(nn.MaxPool2d(3, 1, padding=1), nn.Conv2d(cin, pp, 1), relu())

    def forward(self, x):
        return torch.cat([self.b1(x), self.b2(x), self.b3(x), self.b4(x)], 1)


TABLE1 = OrderedDict([('3a', (192, 64, 96, 128, 16, 32, 32)), ('3b', (256, 128, 128, 192, 32, 96, 64)),
                      ('4a', (480, 192, 96, 208, 16, 48, 64)), ('4b', (512, 160, 112, 224, 24, 64, 64)),
                      ('4c', (512, 128, 128, 256, 24, 64, 64)), ('4d', (512, 112, 144, 288, 32, 64, 64)),
                      ('4e', (528, 256, 160, 320, 32, 128, 128)), ('5a', (832, 256, 160, 320, 32, 128, 128)),
                      ('5b', (832, 384, 192, 384, 48, 128, 128))])


def googlenet_table1():
    # 'same' pooling 3×3/2 on even sizes = pad 0 top/left, 1 bottom/right; ceil_mode gives the same sizes.
    layers = [('conv1', nn.Conv2d(3, 64, 7, stride=2, padding=3)), ('r1', nn.ReLU()),
              ('pool1', nn.MaxPool2d(3, 2, ceil_mode=True)), ('norm1', nn.LocalResponseNorm(5, 1e-4, 0.75, 2.0)),
              ('conv2_reduce', nn.Conv2d(64, 64, 1)), ('r2', nn.ReLU()), ('conv2', nn.Conv2d(64, 192, 3, padding=1)),
              ('r3', nn.ReLU()), ('norm2', nn.LocalResponseNorm(5, 1e-4, 0.75, 2.0)),
              ('pool2', nn.MaxPool2d(3, 2, ceil_mode=True))]
    for name, args in TABLE1.items():
        layers.append(('inception' + name, Inception(*args)))
        if name == '3b':
            layers.append(('pool3', nn.MaxPool2d(3, 2, ceil_mode=True)))
        if name == '4e':
            layers.append(('pool4', nn.MaxPool2d(3, 2, ceil_mode=True)))
    layers += [('avgpool', nn.AvgPool2d(7, 1)), ('flatten', nn.Flatten()), ('dropout', nn.Dropout(0.4)),
               ('fc', nn.Linear(1024, 1000))]
    return seq(*layers), (3, 224, 224)


def torchvision_googlenet_adjusted():
    """torchvision's GoogLeNet differs from table 1: BasicConv2d = conv without bias + BatchNorm, and the
    '5×5' branch uses a 3×3 kernel (kept for weight compatibility). Remove the BN, add the biases and widen
    those kernels to 5×5, counting on torchvision's own modules; the result must equal table 1."""
    m = torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=False)
    total = sum(p.numel() for p in m.parameters())
    for name, mod in m.named_modules():
        if isinstance(mod, BasicConv2d):
            total -= sum(p.numel() for p in mod.bn.parameters())
            total += mod.conv.out_channels
            if name.endswith('branch3.1'):
                c = mod.conv
                total += (25 - 9) * c.in_channels * c.out_channels
    return {'raw': sum(p.numel() for p in m.parameters()), 'adjusted': total}


def count(model):
    params = sum(p.numel() for p in model.parameters())
    running = sum(b.numel() for n, b in model.named_buffers() if n.endswith('running_mean') or n.endswith('running_var'))
    return params, running


def shapes(model, input_shape, names):
    out = {}
    hooks = [mod.register_forward_hook(lambda _m, _i, o, n=n: out.__setitem__(n, list(o.shape[1:])))
             for n, mod in model.named_modules() if n in names]
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, *input_shape))
    for h in hooks:
        h.remove()
    return out


result = {}
for key, build in [('lenet5', lenet5), ('mnist-keras', mnist_keras), ('mnist-pytorch', mnist_pytorch),
                   ('alexnet', alexnet_single_tower), ('googlenet', googlenet_table1)]:
    model, input_shape = build()
    params, running = count(model)
    names = [n for n, _ in model.named_children()]
    result[key] = {'params': params, 'running': running, 'shapes': shapes(model, input_shape, names),
                   'source': 'explicit PyTorch model'}

for key, ctor in [('vgg16', torchvision.models.vgg16), ('resnet18', torchvision.models.resnet18),
                  ('resnet34', torchvision.models.resnet34), ('resnet50', torchvision.models.resnet50)]:
    model = ctor(weights=None)
    params, running = count(model)
    names = [n for n, _ in model.named_modules() if n.count('.') <= 1 and n != '']
    result[key] = {'params': params, 'running': running, 'shapes': shapes(model, (3, 224, 224), names),
                   'source': 'torchvision ' + torchvision.__version__}
def macs(model, input_shape):
    """Multiply-accumulates of the convolutions and linear layers for one image, as Stride counts them."""
    total = [0]

    def conv_hook(m, _i, o):
        total[0] += o.numel() // o.shape[0] * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear_hook(m, _i, o):
        total[0] += m.in_features * m.out_features

    hooks = [mod.register_forward_hook(conv_hook if isinstance(mod, nn.Conv2d) else linear_hook)
             for mod in model.modules() if isinstance(mod, (nn.Conv2d, nn.Linear))]
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, *input_shape))
    for h in hooks:
        h.remove()
    return total[0]


# Modern CNNs (issue 13): torchvision as shipped, with MACs.
for key, ctor in [('squeezenet1_1', torchvision.models.squeezenet1_1), ('densenet121', torchvision.models.densenet121)]:
    model = ctor(weights=None)
    params, running = count(model)
    names = [n for n, _ in model.named_modules() if n.count('.') <= 1 and n != '']
    result[key] = {'params': params, 'running': running, 'shapes': shapes(model, (3, 224, 224), names),
                   'macs': macs(model, (3, 224, 224)), 'source': 'torchvision ' + torchvision.__version__}

result['googlenet']['torchvision'] = torchvision_googlenet_adjusted()
print(json.dumps(result))
