/**
 * `npm run anpr:eval` end to end on a tiny labelled set: the 8 committed MIT sample frames
 * (resources/sample-lanes, real ONNX inference). Its precision / coverage / exact figures must be
 * the arithmetic of its own per-read CSV, and the confusion file must hold the known misread.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { splitCsvLine } from '../../../src-main/anpr/eval-metrics';

describe('anpr:eval on the sample lanes', () => {
  it('reports precision and coverage at the threshold that its reads add up to', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'anpr-eval-'));
    const out = path.join(dir, 'reads.csv');
    const stdout = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/anpr-eval.ts',
        '--images',
        'resources/sample-lanes',
        '--labels',
        'resources/sample-lanes/labels.csv',
        '--formats',
        'ro',
        '--threshold',
        '0.8',
        '--out',
        out,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const lines = stdout.trim().split('\n');
    const result = JSON.parse(lines.at(-1)!) as {
      exact: number;
      precision: number | null;
      coverage: number;
      threshold: number;
      perSource: Record<string, { textRows: number; detRecall: number }>;
    };
    assert.equal(result.threshold, 0.8);

    const csv = readFileSync(out, 'utf8').trim().split('\n').map(splitCsvLine);
    const col = (n: string): number => csv[0]!.indexOf(n);
    const rows = csv.slice(1).filter((r) => r[col('label')] !== '');
    assert.equal(rows.length, 8);
    const exact = rows.filter((r) => r[col('exact')] === '1');
    const accepted = rows.filter(
      (r) => r[col('confidence')] !== '' && Number(r[col('confidence')]) >= 0.8,
    );
    const acceptedExact = accepted.filter((r) => r[col('exact')] === '1');
    assert.equal(result.exact, Number((exact.length / rows.length).toFixed(4)));
    assert.equal(result.coverage, Number((accepted.length / rows.length).toFixed(4)));
    assert.equal(
      result.precision,
      accepted.length ? Number((acceptedExact.length / accepted.length).toFixed(4)) : null,
    );
    // Every row's exact flag is the label/read comparison.
    for (const r of rows)
      assert.equal(r[col('exact')] === '1', r[col('label')] === r[col('read')], r.join(','));
    assert.equal(result.perSource.labels!.textRows, 8);
    assert.ok(result.perSource.labels!.detRecall >= 7 / 8);

    // The known misread of entry-004 (B58DTK read B58OTK) lands in the confusion file.
    const conf = readFileSync(path.join(dir, 'reads.confusions.csv'), 'utf8');
    assert.match(conf.split('\n')[0]!, /^label_char,read_char,count$/);
    if (rows.some((r) => r[col('label')] === 'B58DTK' && r[col('read')] === 'B58OTK'))
      assert.match(conf, /^D,O,\d+$/m);
    assert.match(stdout, /per source:/);
    assert.match(stdout, /most frequent character errors/);
  });
});
