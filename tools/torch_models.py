"""PyTorch twins of the Swift NN models, with torchvision / DLG state-dict names.

Used by tools/nn_reference.py (fixtures) and bench/torch_twin.py (benchmark twin). Run by hand from a
venv with torch; never part of the Swift build, tests or CI.

ResNetMini(in_channels, width, classes): torchvision ResNet-18 topology with BasicBlocks [1, 1, 1, 1],
CIFAR-style stem (3x3 stride 1 conv, no max-pool) and widths w / 2w / 4w / 8w:

    conv1 (3x3, s1, p1, no bias) -> bn1 -> relu
    layer1.0: BasicBlock(w  -> w,  stride 1)
    layer2.0: BasicBlock(w  -> 2w, stride 2, downsample = [conv 1x1 s2 no bias, BatchNorm2d])
    layer3.0: BasicBlock(2w -> 4w, stride 2, downsample)
    layer4.0: BasicBlock(4w -> 8w, stride 2, downsample)
    adaptive avg-pool 1x1 -> flatten -> fc (8w -> classes, with bias)

BasicBlock: conv1 3x3 (stride s, p1, no bias) -> bn1 -> relu -> conv2 3x3 (p1, no bias) -> bn2
            -> + identity (or downsample(x)) -> relu.
Initialisation as torchvision: kaiming_normal_(fan_out, relu) for convs, BN weight 1 / bias 0,
nn.Linear's default for fc.

LeNet(in_channels, classes, image_size): DLG's sigmoid LeNet (Zhu et al. 2019, mit-han-lab/dlg
models/vision.py):

    body.0 conv 12 5x5 s2 p2 (bias) -> body.1 sigmoid -> body.2 conv 12 5x5 s2 p2 -> body.3 sigmoid
    -> body.4 conv 12 5x5 s1 p2 -> body.5 sigmoid -> flatten -> fc.0 Linear(12 * (size/4)^2, classes)

DLG initialises every weight and bias uniform(-0.5, 0.5) (`dlg_weights_init`).
"""
import torch
import torch.nn as nn


class BasicBlock(nn.Module):
    def __init__(self, in_planes: int, planes: int, stride: int = 1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=False)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or in_planes != planes:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_planes, planes, 1, stride=stride, bias=False),
                nn.BatchNorm2d(planes),
            )

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(out + identity)


class ResNetMini(nn.Module):
    def __init__(self, in_channels: int = 1, width: int = 16, classes: int = 10):
        super().__init__()
        w = width
        self.conv1 = nn.Conv2d(in_channels, w, 3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(w)
        self.relu = nn.ReLU(inplace=False)
        self.layer1 = nn.Sequential(BasicBlock(w, w, 1))
        self.layer2 = nn.Sequential(BasicBlock(w, 2 * w, 2))
        self.layer3 = nn.Sequential(BasicBlock(2 * w, 4 * w, 2))
        self.layer4 = nn.Sequential(BasicBlock(4 * w, 8 * w, 2))
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(8 * w, classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        x = torch.flatten(self.avgpool(x), 1)
        return self.fc(x)


class LeNet(nn.Module):
    def __init__(self, in_channels: int = 1, classes: int = 10, image_size: int = 32):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(in_channels, 12, kernel_size=5, padding=2, stride=2),
            nn.Sigmoid(),
            nn.Conv2d(12, 12, kernel_size=5, padding=2, stride=2),
            nn.Sigmoid(),
            nn.Conv2d(12, 12, kernel_size=5, padding=2, stride=1),
            nn.Sigmoid(),
        )
        side = image_size // 4
        self.fc = nn.Sequential(nn.Linear(12 * side * side, classes))

    def forward(self, x):
        out = self.body(x)
        return self.fc(out.view(out.size(0), -1))


def dlg_weights_init(m):
    """DLG's initialisation: every weight and bias uniform(-0.5, 0.5)."""
    if getattr(m, "weight", None) is not None:
        m.weight.data.uniform_(-0.5, 0.5)
    if getattr(m, "bias", None) is not None:
        m.bias.data.uniform_(-0.5, 0.5)
