/**
 * Leave-one-source-out status of each `anpr:eval --pack` source for the models being evaluated.
 *
 * Why: the issue asks for the figure that predicts a new site: train without a source, evaluate on
 * it. For a source the evaluated models never trained on, the plain per-source figure already IS
 * that figure. For a source they did train on (other plates or frames of it), it is not, and a true
 * leave-one-source-out figure needs a model trained without it; this says which, from the models'
 * own manifests (`trainedOn`), and gives the command where one exists. It never makes up a figure.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PackSource } from './anpr-pack';

/** The pack folder each eval source is cut from (as the manifests name them). */
const SOURCE_FOLDER: Readonly<Record<string, string>> = {
  'br-heldout': 'br-crops/real',
  'eu-one-line': 'eu-crops',
  'eu-two-line': 'eu-crops',
  'us-crops': 'us-crops',
  'world-crops': 'world-crops',
  'ro-valid': 'scenes-with-boxes/ro',
  kaggle: 'kaggle-car-plate-detection',
  openimages: 'openimages-plates',
};

/** How to get the true figure for a source the shipped models trained on. */
const RETRAIN: Readonly<Record<string, string>> = {
  'br-heldout':
    'python3 models/training/ocr/train.py --exclude-source br-real --out /tmp/loso-ocr-br-real (or the GPU run, models/training/device-run.sh) && cp models/plate-detector.* /tmp/loso-ocr-br-real/ && npm run anpr:eval -- --pack --raw --models /tmp/loso-ocr-br-real --sources br-heldout',
  'eu-one-line':
    'python3 models/training/ocr/train.py --exclude-source eu --out /tmp/loso-ocr-eu (or the GPU run, models/training/device-run.sh) && cp models/plate-detector.* /tmp/loso-ocr-eu/ && npm run anpr:eval -- --pack --raw --models /tmp/loso-ocr-eu --sources eu-one-line,eu-two-line',
  'eu-two-line':
    'python3 models/training/ocr/train.py --exclude-source eu --out /tmp/loso-ocr-eu (or the GPU run, models/training/device-run.sh) && cp models/plate-detector.* /tmp/loso-ocr-eu/ && npm run anpr:eval -- --pack --raw --models /tmp/loso-ocr-eu --sources eu-one-line,eu-two-line',
  'us-crops':
    'python3 models/training/ocr/train.py --exclude-source us --out /tmp/loso-ocr-us (or the GPU run, models/training/device-run.sh) && cp models/plate-detector.* /tmp/loso-ocr-us/ && npm run anpr:eval -- --pack --raw --models /tmp/loso-ocr-us --sources us-crops',
  'world-crops':
    'python3 models/training/ocr/train.py --exclude-source world --out /tmp/loso-ocr-world (or the GPU run, models/training/device-run.sh) && cp models/plate-detector.* /tmp/loso-ocr-world/ && npm run anpr:eval -- --pack --raw --models /tmp/loso-ocr-world --sources world-crops',
  'ro-valid':
    'python3 models/training/detector/train.py --exclude-source ro --out /tmp/loso-det-ro (or the GPU run, models/training/device-run.sh) && cp models/plate-ocr.* /tmp/loso-det-ro/ && npm run anpr:eval -- --pack --raw --models /tmp/loso-det-ro --sources ro-valid',
  kaggle:
    'python3 models/training/detector/train.py --exclude-source kaggle --out /tmp/loso-det-kaggle (or the GPU run, models/training/device-run.sh) && cp models/plate-ocr.* /tmp/loso-det-kaggle/ && npm run anpr:eval -- --pack --raw --models /tmp/loso-det-kaggle --sources kaggle',
  openimages:
    'python3 models/training/detector/train.py --exclude-source openimages --out /tmp/loso-det-openimages (or the GPU run, models/training/device-run.sh) && cp models/plate-ocr.* /tmp/loso-det-openimages/ && npm run anpr:eval -- --pack --raw --models /tmp/loso-det-openimages --sources openimages',
};

export interface LosoStatus {
  source: string;
  /** The model that reads this source's figure trained on the source (other plates / frames). */
  ocrTrained: boolean;
  detectorTrained: boolean;
  /** The per-source figure is a leave-one-source-out figure for these models. */
  loso: boolean;
  /** What stands in the way, and the command that would give the true figure. */
  note: string;
}

function trainedOnText(modelsDir: string, file: string): string {
  try {
    const m = JSON.parse(readFileSync(path.join(modelsDir, file), 'utf8')) as {
      trainedOn?: unknown;
    };
    return JSON.stringify(m.trainedOn ?? '');
  } catch {
    return '';
  }
}

export function losoStatus(sources: readonly PackSource[], modelsDir: string): LosoStatus[] {
  const ocr = trainedOnText(modelsDir, 'plate-ocr.manifest.json');
  const det = trainedOnText(modelsDir, 'plate-detector.manifest.json');
  return sources.map((s) => {
    const folder = SOURCE_FOLDER[s.name];
    const ocrTrained = folder !== undefined && ocr.includes(folder);
    const detectorTrained = folder !== undefined && det.includes(folder);
    // Crops are read without the detector, so only the OCR's training counts for them.
    const relevant = s.kind === 'crops' ? ocrTrained : ocrTrained || detectorTrained;
    const loso = folder !== undefined && !relevant;
    const note =
      folder === undefined
        ? 'unknown source: not classified'
        : loso
          ? s.kind === 'crops' && detectorTrained
            ? 'OCR never trained on it (the detector pasted these crops, but crops skip the detector)'
            : 'never in training'
          : `trained on other ${s.kind === 'crops' ? 'plates' : 'frames'} of it; true figure: ${RETRAIN[s.name] ?? 'retrain without it'}`;
    return { source: s.name, ocrTrained, detectorTrained, loso, note };
  });
}
