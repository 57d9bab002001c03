import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { ApiDoc, OPENAPI_FILE } from '../../../reference-server/api-doc';
import { v1Handlers } from '../../../reference-server/station-api';
import { renderApiTypes, TYPES_FILE } from '../../../reference-server/tools/api-types';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const doc = parse(readFileSync(OPENAPI_FILE, 'utf8')) as Json;
const operations = Object.entries(doc['paths'] as Json).flatMap(([path, item]) =>
  Object.entries(item as Json).map(([method, op]) => ({ path, method, op: op as Json })),
);

describe('api/openapi.yaml', () => {
  it('is a valid OpenAPI 3.1 document (the official schema, via @seriousme/openapi-schema-validator)', async () => {
    const validator = new Validator();
    const result = await validator.validate(OPENAPI_FILE);
    assert.equal(validator.version, '3.1');
    assert.deepEqual(result.errors, undefined);
    assert.equal(result.valid, true);
    // Every $ref resolves (resolveRefs throws on a dangling one).
    assert.ok(validator.resolveRefs());
  });

  it('the validator is real: a broken copy of the document fails it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    try {
      const broken = structuredClone(doc);
      broken['paths']['/v1/events']['post']['responses']['200'] = { content: {} }; // no description
      const file = join(dir, 'broken.json');
      writeFileSync(file, JSON.stringify(broken));
      const result = await new Validator().validate(file);
      assert.equal(result.valid, false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every schema compiles under strict JSON Schema 2020-12 (a misspelt keyword fails)', () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addKeyword({ keyword: 'components', schemaType: 'object' });
    const base = 'https://station-console.invalid/lint';
    ajv.addSchema({ $id: base, components: { schemas: doc['components']['schemas'] } });
    for (const name of Object.keys(doc['components']['schemas'] as Json)) {
      assert.doesNotThrow(() => ajv.compile({ $ref: `${base}#/components/schemas/${name}` }), name);
    }
  });

  it('every operation: an operationId with a handler, problem+json errors, 429 with Retry-After, 500', () => {
    const ids = operations.map((o) => o.op['operationId'] as string);
    assert.deepEqual([...ids].sort(), Object.keys(v1Handlers).sort());
    for (const { path, method, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      const responses = op['responses'] as Json;
      assert.ok(responses['429'], `${where} declares 429`);
      assert.ok(responses['500'], `${where} declares 500`);
      const secured = op['security'] === undefined || (op['security'] as unknown[]).length > 0;
      if (secured) assert.ok(responses['401'], `${where} declares 401`);
      for (const [status, ref] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        const name = String((ref as Json)['$ref'])
          .split('/')
          .pop()!;
        const media = doc['components']['responses'][name]['content'];
        assert.deepEqual(Object.keys(media), ['application/problem+json'], `${where} ${status}`);
      }
    }
    const tooMany = doc['components']['responses']['TooManyRequests'];
    assert.equal(tooMany['headers']['Retry-After']['$ref'], '#/components/headers/RetryAfter');
  });

  it('money is integer minor units, times integer epoch ms, durations integer ms, everywhere', () => {
    const MONEY = /Minor$/;
    const TIME = /(At|Time|Since|Until|From|To|Before|After|By)$|^at$|^asOf$/;
    const DURATION = /Ms$/;
    const integerish = (v: Json): boolean =>
      v['type'] === 'integer' ||
      /\/(EpochMs|NullableEpochMs|MinorUnits|DurationMs)$/.test(String(v['$ref'])) ||
      (Array.isArray(v['oneOf']) && (v['oneOf'] as Json[]).some(integerish));
    let checked = 0;
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node as Json)) {
        if (key === 'properties') {
          for (const [name, schema] of Object.entries(value as Json)) {
            if (MONEY.test(name) || TIME.test(name) || DURATION.test(name)) {
              checked += 1;
              assert.ok(
                integerish(schema as Json),
                `${path}/properties/${name} must be an integer`,
              );
            }
          }
        }
        walk(value, `${path}/${key}`);
      }
    };
    walk(doc['components']['schemas'], '#/components/schemas');
    assert.ok(checked > 30, `checked ${checked} fields`);
  });

  it('the reference server loads it: every request and response schema compiles', () => {
    const api = new ApiDoc();
    assert.equal(api.operations.length, operations.length);
  });

  it('api/openapi-types.ts is generated from the current document (npm run api:types)', async () => {
    assert.equal(readFileSync(TYPES_FILE, 'utf8'), await renderApiTypes());
  });
});
