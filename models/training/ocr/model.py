"""Small fully-convolutional CRNN-style recogniser for CTC (no RNN: a 1-D conv sequence head keeps
the ONNX graph trivial and fast on one CPU core).

image [N,1,32,128] -> probs [N,32,37] (softmax inside; class 0 = CTC blank)."""
import torch
import torch.nn as nn

NUM_CLASSES = 37


def cbr(cin, cout, k=3, s=1, p=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, s, p, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class SeqBlock(nn.Module):
    """Residual temporal conv (kernel 1x3, dilated) on a [N,C,1,T] map."""

    def __init__(self, c, d):
        super().__init__()
        self.conv = nn.Conv2d(c, c, (1, 3), 1, (0, d), dilation=(1, d), bias=False)
        self.bn = nn.BatchNorm2d(c)
        self.act = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.act(x + self.bn(self.conv(x)))


class PlateOCR(nn.Module):
    def __init__(self, width=1.0, num_classes=NUM_CLASSES):
        super().__init__()
        c = [int(v * width) for v in (32, 64, 96, 96, 128, 192)]
        self.features = nn.Sequential(
            cbr(1, c[0]), nn.MaxPool2d(2, 2),                     # 16x64
            cbr(c[0], c[1]), nn.MaxPool2d(2, 2),                  # 8x32
            cbr(c[1], c[2]), cbr(c[2], c[3]), nn.MaxPool2d((2, 1), (2, 1)),  # 4x32
            cbr(c[3], c[4]), nn.MaxPool2d((2, 1), (2, 1)),        # 2x32
            cbr(c[4], c[5], k=(2, 3), p=(0, 1)),                  # 1x32
        )
        self.seq = nn.Sequential(SeqBlock(c[5], 1), SeqBlock(c[5], 2), SeqBlock(c[5], 4))
        self.drop = nn.Dropout(0.15)
        self.head = nn.Conv2d(c[5], num_classes, 1)
        self.T, self.num_classes = 32, num_classes  # 128 px wide input / 4

    def logits(self, x):
        x = self.seq(self.features(x))
        x = self.head(self.drop(x))           # [N,C,1,T]
        # constant-shape Reshape (batch = -1) keeps the ONNX graph simple for every runtime
        return x.permute(0, 2, 3, 1).reshape(-1, self.T, self.num_classes)  # [N,T,C]

    def forward(self, x):
        return torch.softmax(self.logits(x), dim=-1)


def ctc_greedy(probs):
    """probs/logits [N,T,C] (numpy or torch) -> list of strings."""
    from dataset import CHARSET
    import numpy as np
    a = np.asarray(probs).argmax(-1)
    out = []
    for row in a:
        s, prev = [], 0
        for k in row:
            if k != prev and k != 0:
                s.append(CHARSET[k - 1])
            prev = k
        out.append(''.join(s))
    return out
