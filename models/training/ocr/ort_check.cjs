// Runs plate-ocr.onnx in onnxruntime-node (the runtime the app uses) on a float32 batch and
// times single-crop inference on one thread. Used by export.py; no npm install needed.
// usage: node ort_check.cjs <onnxruntime-node dir> <model.onnx> <in.bin> <N> <out.bin>
const fs = require('fs');
const [, , ortDir, model, inBin, n, outBin] = process.argv;
const ort = require(ortDir);
(async () => {
  const s = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
  const buf = fs.readFileSync(inBin);
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
  const N = Number(n);
  const r = await s.run({ image: new ort.Tensor('float32', data, [N, 1, 32, 128]) });
  const p = r.probs;
  fs.writeFileSync(outBin, Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength));
  const one = new ort.Tensor('float32', data.slice(0, 32 * 128), [1, 1, 32, 128]);
  for (let i = 0; i < 20; i++) await s.run({ image: one });
  const R = 300;
  const t = process.hrtime.bigint();
  for (let i = 0; i < R; i++) await s.run({ image: one });
  const ms = Number(process.hrtime.bigint() - t) / 1e6 / R;
  console.log(JSON.stringify({ inputNames: s.inputNames, outputNames: s.outputNames, dims: p.dims, msPerCrop: ms }));
})().catch((e) => { console.error(e); process.exit(1); });
