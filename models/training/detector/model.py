"""Tiny CenterNet-style plate detector: depthwise-separable backbone to stride 32,
FPN-lite top-down path back to stride 4, three heads (heatmap, boxes, corners)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

STRIDE = 4


def cbr(cin, cout, k=3, s=1, groups=1, d=1):
    p = d * (k // 2)
    return nn.Sequential(nn.Conv2d(cin, cout, k, s, p, dilation=d, groups=groups, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class DW(nn.Module):
    """depthwise 3x3 + pointwise 1x1, residual when shapes match"""

    def __init__(self, cin, cout, s=1, d=1):
        super().__init__()
        self.dw = cbr(cin, cin, 3, s, groups=cin, d=d)
        self.pw = nn.Sequential(nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout))
        self.res = s == 1 and cin == cout

    def forward(self, x):
        y = self.pw(self.dw(x))
        return F.relu(y + x) if self.res else F.relu(y)


class PlateNet(nn.Module):
    def __init__(self, width=1.0):
        super().__init__()
        c = [int(round(v * width)) for v in (16, 24, 48, 96, 128)]
        f = 32
        self.stem = cbr(3, c[0], 3, 2)                                      # /2
        self.s4 = nn.Sequential(DW(c[0], c[1], 2), DW(c[1], c[1]))           # /4
        self.s8 = nn.Sequential(DW(c[1], c[2], 2), DW(c[2], c[2]))           # /8
        self.s16 = nn.Sequential(DW(c[2], c[3], 2), DW(c[3], c[3]), DW(c[3], c[3], d=2))  # /16
        self.s32 = nn.Sequential(DW(c[3], c[4], 2), DW(c[4], c[4]), DW(c[4], c[4], d=2))  # /32
        self.l32 = cbr(c[4], f, 1)
        self.l16 = cbr(c[3], f, 1)
        self.l8 = cbr(c[2], f, 1)
        self.l4 = cbr(c[1], f, 1)
        self.m16 = DW(f, f)
        self.m8 = DW(f, f)
        self.m4 = DW(f, f)
        self.head_hm = nn.Sequential(DW(f, f), nn.Conv2d(f, 1, 1))
        self.head_reg = nn.Sequential(DW(f, f), nn.Conv2d(f, 12, 1))  # dx,dy,log bw,log bh, 8 corners/size
        nn.init.constant_(self.head_hm[-1].bias, -4.6)
        with torch.no_grad():
            self.head_reg[-1].weight.mul_(0.1)
            self.head_reg[-1].bias.zero_()
            self.head_reg[-1].bias[0:2] = 0.5
            self.head_reg[-1].bias[2] = math.log(40.0)
            self.head_reg[-1].bias[3] = math.log(12.0)
            self.head_reg[-1].bias[4:] = torch.tensor([-.5, -.5, .5, -.5, .5, .5, -.5, .5])

    def forward_raw(self, x):
        x = self.stem(x)
        f4 = self.s4(x)
        f8 = self.s8(f4)
        f16 = self.s16(f8)
        f32 = self.s32(f16)
        p = self.l32(f32)
        p = self.m16(F.interpolate(p, scale_factor=2.0, mode="nearest") + self.l16(f16))
        p = self.m8(F.interpolate(p, scale_factor=2.0, mode="nearest") + self.l8(f8))
        p = self.m4(F.interpolate(p, scale_factor=2.0, mode="nearest") + self.l4(f4))
        return self.head_hm(p), self.head_reg(p)

    def forward(self, x):
        """Deployment outputs (see manifest): heatmap (sigmoid), boxes (dx,dy,bw,bh in input px), corners."""
        hm, reg = self.forward_raw(x)
        heat = torch.sigmoid(hm)
        off = reg[:, 0:2]
        size = torch.exp(reg[:, 2:4])  # no Clip: OpenCV DNN 4.6 cannot parse opset-11+ Clip
        boxes = torch.cat([off, size], 1)
        corners = reg[:, 4:12] * torch.cat([size, size, size, size], 1)  # cat, not repeat: plain Concat in ONNX
        return heat, boxes, corners
