"""ONNX export + parity check (OpenCV DNN runs the ONNX, since onnxruntime is not available here)."""
import time

import numpy as np
import onnx
import torch

from dataset import IN_W, IN_H

OUTPUTS = ["heatmap", "boxes", "corners"]


def export_onnx(model, path):
    model = model.eval()
    dummy = torch.zeros(1, 3, IN_H, IN_W)
    torch.onnx.export(model, dummy, path, opset_version=13, input_names=["image"], output_names=OUTPUTS,
                      do_constant_folding=True)
    m = onnx.load(path)
    _inline_identity_initializers(m)
    onnx.checker.check_model(m)
    onnx.save(m, path)
    return m


def _inline_identity_initializers(m):
    """torch 1.13 dedups identical initializers (e.g. the zero conv biases left by BN folding) through Identity
    nodes; OpenCV DNN 4.6 cannot load those, so materialise each as its own initializer."""
    from onnx import numpy_helper
    inits = {i.name: i for i in m.graph.initializer}
    keep = []
    for n in m.graph.node:
        if n.op_type == "Identity" and n.input[0] in inits:
            arr = numpy_helper.to_array(inits[n.input[0]])
            m.graph.initializer.append(numpy_helper.from_array(arr, n.output[0]))
        else:
            keep.append(n)
    del m.graph.node[:]
    m.graph.node.extend(keep)


def check_parity(model, path, samples, atol=1e-3):
    """samples: list of [3,H,W] float32 normalized inputs. Compares torch and OpenCV-DNN outputs."""
    import cv2
    net = cv2.dnn.readNetFromONNX(path)
    worst = 0.0
    for x in samples:
        with torch.no_grad():
            t = [o.numpy() for o in model(torch.from_numpy(x)[None])]
        net.setInput(x[None].astype(np.float32))
        o = net.forward(OUTPUTS)
        for a, b in zip(t, o):
            assert a.shape == b.shape, (a.shape, b.shape)
            worst = max(worst, float(np.max(np.abs(a - b))))
    ok = worst <= atol
    return ok, worst


def time_torch(model, n=60):
    torch.set_num_threads(1)
    x = torch.randn(1, 3, IN_H, IN_W)
    model = model.eval()
    with torch.no_grad():
        for _ in range(5):
            model(x)
        ts, cs = [], []
        for _ in range(n):
            t0, c0 = time.perf_counter(), time.thread_time()
            model(x)
            ts.append(time.perf_counter() - t0); cs.append(time.thread_time() - c0)
    return 1000 * float(np.median(ts)), 1000 * float(np.median(cs))


def time_cv2dnn(path, n=60):
    import cv2
    cv2.setNumThreads(1)
    net = cv2.dnn.readNetFromONNX(path)
    x = np.random.randn(1, 3, IN_H, IN_W).astype(np.float32)
    for _ in range(5):
        net.setInput(x); net.forward(OUTPUTS)
    ts, cs = [], []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.thread_time()
        net.setInput(x)
        net.forward(OUTPUTS)
        ts.append(time.perf_counter() - t0); cs.append(time.thread_time() - c0)
    return 1000 * float(np.median(ts)), 1000 * float(np.median(cs))


def count_flops(model):
    """multiply-accumulates of conv layers at the deployment input size"""
    macs = [0]

    def hook(m, i, o):
        k = m.kernel_size[0] * m.kernel_size[1] * (m.in_channels // m.groups)
        macs[0] += o.numel() * k

    hs = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    with torch.no_grad():
        model.eval()(torch.zeros(1, 3, IN_H, IN_W))
    for h in hs:
        h.remove()
    return macs[0]
