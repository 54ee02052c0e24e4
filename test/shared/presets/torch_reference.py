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


def alexnet_two_towers():
    # Krizhevsky et al. 2012, section 3.5: conv2, conv4, conv5 see only their own GPU's half (groups=2);
    # LRN after conv1 and conv2, max pooling after both LRNs and after conv5.
    return seq(('conv1', nn.Conv2d(3, 96, 11, stride=4)), ('r1', nn.ReLU()),
               ('norm1', nn.LocalResponseNorm(5, 1e-4, 0.75, 2.0)), ('pool1', nn.MaxPool2d(3, 2)),
               ('conv2', nn.Conv2d(96, 256, 5, padding=2, groups=2)), ('r2', nn.ReLU()),
               ('norm2', nn.LocalResponseNorm(5, 1e-4, 0.75, 2.0)), ('pool2', nn.MaxPool2d(3, 2)),
               ('conv3', nn.Conv2d(256, 384, 3, padding=1)), ('r3', nn.ReLU()),
               ('conv4', nn.Conv2d(384, 384, 3, padding=1, groups=2)), ('r4', nn.ReLU()),
               ('conv5', nn.Conv2d(384, 256, 3, padding=1, groups=2)), ('r5', nn.ReLU()), ('pool3', nn.MaxPool2d(3, 2)),
               ('flatten', nn.Flatten()), ('drop6', nn.Dropout()), ('fc6', nn.Linear(6 * 6 * 256, 4096)),
               ('r6', nn.ReLU()), ('drop7', nn.Dropout()), ('fc7', nn.Linear(4096, 4096)), ('r7', nn.ReLU()),
               ('fc8', nn.Linear(4096, 1000))), (3, 227, 227)


def mobilenet_v1_keras():
    # keras.applications.MobileNet (alpha 1): 'same' stride 2 on an even size pads one row and column at the
    # bottom and right (ZeroPad2d((0, 1, 0, 1))); depthwise = groups equal to the channels; ReLU6 throughout.
    # Keras's classifier is a 1×1 conv on the pooled 1×1×1024 map: a Linear here, the same weights.
    def bn(c):
        return nn.BatchNorm2d(c, eps=1e-3, momentum=0.01)
    layers = [('conv1_pad', nn.ZeroPad2d((0, 1, 0, 1))), ('conv1', nn.Conv2d(3, 32, 3, stride=2, bias=False)),
              ('conv1_bn', bn(32)), ('conv1_relu', nn.ReLU6())]
    cin = 32
    for n, (cout, stride) in enumerate([(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1),
                                        (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1)], 1):
        if stride == 2:
            layers.append((f'conv_pad_{n}', nn.ZeroPad2d((0, 1, 0, 1))))
        layers += [(f'conv_dw_{n}', nn.Conv2d(cin, cin, 3, stride=stride, padding=1 if stride == 1 else 0,
                                              groups=cin, bias=False)),
                   (f'conv_dw_{n}_bn', bn(cin)), (f'conv_dw_{n}_relu', nn.ReLU6()),
                   (f'conv_pw_{n}', nn.Conv2d(cin, cout, 1, bias=False)),
                   (f'conv_pw_{n}_bn', bn(cout)), (f'conv_pw_{n}_relu', nn.ReLU6())]
        cin = cout
    layers += [('global_average_pooling2d', nn.AdaptiveAvgPool2d(1)), ('flatten', nn.Flatten()),
               ('dropout', nn.Dropout(1e-3)), ('predictions', nn.Linear(1024, 1000))]
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


class UNet(nn.Module):
    """Ronneberger et al. 2015 at a quarter width for 128×128×1 with 'same' padding, written the way a PyTorch
    user would: DoubleConv per level, MaxPool2d(2), ConvTranspose2d(2, stride 2), torch.cat([up, skip]), a 1×1 conv
    to 2 classes. Children are named after the Stride preset's nodes so the shapes can be compared."""

    def __init__(self):
        super().__init__()
        widths = [16, 32, 64, 128]
        cin = 1
        for level, w in enumerate(widths, 1):
            setattr(self, f'enc{level}a', nn.Conv2d(cin, w, 3, padding=1))
            setattr(self, f'enc{level}b', nn.Conv2d(w, w, 3, padding=1))
            setattr(self, f'pool{level}', nn.MaxPool2d(2))
            cin = w
        self.mida = nn.Conv2d(128, 256, 3, padding=1)
        self.midb = nn.Conv2d(256, 256, 3, padding=1)
        cin = 256
        for level in [4, 3, 2, 1]:
            w = widths[level - 1]
            setattr(self, f'up{level}', nn.ConvTranspose2d(cin, w, 2, stride=2))
            setattr(self, f'dec{level}a', nn.Conv2d(2 * w, w, 3, padding=1))
            setattr(self, f'dec{level}b', nn.Conv2d(w, w, 3, padding=1))
            cin = w
        self.out = nn.Conv2d(16, 2, 1)

    def forward(self, x):
        skips = []
        for level in [1, 2, 3, 4]:
            x = torch.relu(getattr(self, f'enc{level}b')(torch.relu(getattr(self, f'enc{level}a')(x))))
            skips.append(x)
            x = getattr(self, f'pool{level}')(x)
        x = torch.relu(self.midb(torch.relu(self.mida(x))))
        for level in [4, 3, 2, 1]:
            x = torch.cat([torch.relu(getattr(self, f'up{level}')(x)), skips[level - 1]], dim=1)
            x = torch.relu(getattr(self, f'dec{level}b')(torch.relu(getattr(self, f'dec{level}a')(x))))
        return torch.softmax(self.out(x), dim=1)


def unet():
    return UNet(), (1, 128, 128)


def count(model):
    params = sum(p.numel() for p in model.parameters())
    running = sum(b.numel() for n, b in model.named_buffers() if n.endswith('running_mean') or n.endswith('running_var'))
    return params, running


def macs(model, input_shape):
    """Multiply-accumulates of the convolutions and linear layers for one image, counted by PyTorch itself
    from each layer's real output size: Conv2d H·W·(C/groups)·FH·FW·F, Linear in·out; a ConvTranspose2d
    multiplies every input pixel by its whole kernel: H_in·W_in·C·FH·FW·F/groups."""
    total = [0]

    def conv(m, _i, o):
        total[0] += o.shape[2] * o.shape[3] * m.weight.numel()

    def conv_t(m, i, _o):
        total[0] += i[0].shape[2] * i[0].shape[3] * m.weight.numel()

    def linear(m, _i, _o):
        total[0] += m.weight.numel()

    def hook(mod):
        return conv if isinstance(mod, nn.Conv2d) else conv_t if isinstance(mod, nn.ConvTranspose2d) else linear
    hooks = [mod.register_forward_hook(hook(mod))
             for mod in model.modules() if isinstance(mod, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear))]
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, *input_shape))
    for h in hooks:
        h.remove()
    return total[0]


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
                   ('alexnet', alexnet_single_tower), ('googlenet', googlenet_table1), ('unet', unet),
                   ('alexnet-towers', alexnet_two_towers), ('mobilenet-v1', mobilenet_v1_keras)]:
    model, input_shape = build()
    params, running = count(model)
    names = [n for n, _ in model.named_children()]
    result[key] = {'params': params, 'running': running, 'shapes': shapes(model, input_shape, names),
                   'macs': macs(model, input_shape), 'source': 'explicit PyTorch model'}

for key, ctor in [('vgg16', torchvision.models.vgg16), ('resnet18', torchvision.models.resnet18),
                  ('resnet34', torchvision.models.resnet34), ('resnet50', torchvision.models.resnet50),
                  ('resnext50', torchvision.models.resnext50_32x4d), ('mobilenet-v2', torchvision.models.mobilenet_v2)]:
    model = ctor(weights=None)
    params, running = count(model)
    names = [n for n, _ in model.named_modules() if n.count('.') <= 1 and n != '']
    result[key] = {'params': params, 'running': running, 'shapes': shapes(model, (3, 224, 224), names),
                   'macs': macs(model, (3, 224, 224)), 'source': 'torchvision ' + torchvision.__version__}
# torchvision's SqueezeNet 1.1 and DenseNet-121 as shipped.
for key, ctor in [('squeezenet1_1', torchvision.models.squeezenet1_1), ('densenet121', torchvision.models.densenet121)]:
    model = ctor(weights=None)
    params, running = count(model)
    names = [n for n, _ in model.named_modules() if n.count('.') <= 1 and n != '']
    result[key] = {'params': params, 'running': running, 'shapes': shapes(model, (3, 224, 224), names),
                   'macs': macs(model, (3, 224, 224)), 'source': 'torchvision ' + torchvision.__version__}

result['googlenet']['torchvision'] = torchvision_googlenet_adjusted()
print(json.dumps(result))
