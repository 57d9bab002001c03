import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const SWAP: Record<string, string> = {
  '8': 'B',
  B: '8',
  '0': 'O',
  O: '0',
  '1': 'I',
  I: '1',
  '5': 'S',
  S: '5',
  '2': 'Z',
  Z: '2',
};

/** The plate as a camera might misread it: one look-alike character swapped. */
export function misread(plate: string): string {
  const i = [...plate].findIndex((c) => SWAP[c] !== undefined);
  if (i < 0) throw new Error(`no look-alike character in ${plate}`);
  return plate.slice(0, i) + SWAP[plate[i]!] + plate.slice(i + 1);
}

/**
 * A resources folder whose lane cameras show only one car (BR07AAC): the bundled frames of that
 * car, with their labels. The demo lanes cycle through several cars, which a browser test
 * cannot time; this keeps the end-to-end flow deterministic while using the real images.
 */
export function singleCarResources(plate = 'BR07AAC'): string {
  const root = mkdtempSync(join(tmpdir(), 'station-lanes-'));
  const lines = readFileSync(resolve('resources/sample-lanes/labels.csv'), 'utf8')
    .trim()
    .split(/\r?\n/);
  const rows = lines.slice(1).filter((l) => l.split(',')[1] === plate);
  for (const row of rows) {
    const file = row.split(',')[0]!;
    mkdirSync(dirname(join(root, 'sample-lanes', file)), { recursive: true });
    copyFileSync(resolve('resources/sample-lanes', file), join(root, 'sample-lanes', file));
  }
  writeFileSync(join(root, 'sample-lanes/labels.csv'), [lines[0], ...rows].join('\n') + '\n');
  // The demo's receipts carry the site's logo (receipts.logoPath, relative to the resources).
  copyFileSync(resolve('resources/receipt-logo.png'), join(root, 'receipt-logo.png'));
  return root;
}
