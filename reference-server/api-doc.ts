import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export const OPENAPI_FILE = fileURLToPath(new URL('../api/openapi.yaml', import.meta.url));
// An absolute URI only names the document for Ajv; nothing is ever fetched from it.
const BASE = 'https://station-console.invalid/openapi';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export interface FieldError {
  path: string;
  message: string;
}

interface Param {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  integer: boolean;
  fallback: unknown;
  validate: ValidateFunction;
}

export interface Operation {
  operationId: string;
  method: string;
  template: string;
  secured: boolean;
  params: Param[];
  body?: ValidateFunction;
  /** status -> media type -> schema check ("*" when the doc declares no body). */
  responses: Map<string, Map<string, ValidateFunction | null>>;
  pattern: RegExp;
  pathNames: string[];
}

type Json = Record<string, unknown>;

export const toFieldErrors = (errors: ErrorObject[] | null | undefined): FieldError[] =>
  (errors ?? []).map((e) => ({
    path: e.instancePath,
    message: `${e.message ?? 'is invalid'}${
      e.keyword === 'additionalProperties' ? `: ${String(e.params['additionalProperty'])}` : ''
    }${e.keyword === 'const' ? `: ${JSON.stringify(e.params['allowedValue'])}` : ''}`,
  }));

/**
 * The OpenAPI document, loaded once and compiled with Ajv (JSON Schema 2020-12, the dialect of
 * OpenAPI 3.1). The server routes by it, checks every request against it, and checks its own
 * answers against it too, so the server cannot drift from the contract without a failing test.
 */
export class ApiDoc {
  readonly ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  readonly operations: Operation[] = [];
  private readonly doc: Json;

  constructor(file = OPENAPI_FILE) {
    this.doc = parse(readFileSync(file, 'utf8')) as Json;
    addFormats(this.ajv);
    // Only the schemas are handed to Ajv, under a base URI, so '#/components/schemas/X'
    // references resolve inside it; the rest of the document is not JSON Schema. Strict mode
    // stays on for the schemas themselves (a misspelt keyword fails at start-up).
    const components = this.doc['components'] as Json;
    this.ajv.addKeyword({ keyword: 'components', schemaType: 'object' });
    this.ajv.addSchema({ $id: BASE, components: { schemas: components['schemas'] } });
    const rootSecurity = (this.doc['security'] as unknown[] | undefined) ?? [];
    for (const [template, item] of Object.entries(this.doc['paths'] as Record<string, Json>)) {
      for (const method of METHODS) {
        const op = item[method] as Json | undefined;
        if (op) this.operations.push(this.compileOperation(template, method, op, rootSecurity));
      }
    }
  }

  /** A validator for `#/components/schemas/<name>`. */
  schema(name: string): ValidateFunction {
    return this.compile({ $ref: `#/components/schemas/${name}` });
  }

  private compile(schema: unknown): ValidateFunction {
    const resolved = this.resolve(schema) as Json;
    // A local $ref is rebased onto the document's URI; anything else is compiled beside it.
    if (typeof resolved['$ref'] === 'string' && resolved['$ref'].startsWith('#/')) {
      return this.ajv.compile({ $ref: `${BASE}${resolved['$ref']}` });
    }
    return this.ajv.compile({ $id: `${BASE}/inline/${this.inline++}`, ...rebase(resolved) });
  }
  private inline = 0;

  /** Follows a $ref to a non-schema component (parameters, responses). */
  private resolve(node: unknown): unknown {
    const ref = (node as Json | undefined)?.['$ref'];
    if (typeof ref === 'string' && !ref.startsWith('#/components/schemas/')) {
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((n, k) => (n as Json)[k], this.doc);
      return this.resolve(target);
    }
    return node;
  }

  private compileOperation(template: string, method: string, op: Json, rootSecurity: unknown[]) {
    const pathNames: string[] = [];
    const pattern = new RegExp(
      `^${template.replace(/\{(\w+)\}/g, (_, n: string) => (pathNames.push(n), '([^/]+)'))}$`,
    );
    const params = ((op['parameters'] as unknown[]) ?? []).map((raw): Param => {
      const p = this.resolve(raw) as Json;
      const schema = this.resolve(p['schema']) as Json;
      const type = (this.resolve(schema) as Json)['type'];
      return {
        name: p['name'] as string,
        in: p['in'] as 'query' | 'path',
        required: p['required'] === true,
        integer: type === 'integer',
        fallback: schema['default'],
        validate: this.compile(schema),
      };
    });
    const body = (op['requestBody'] as Json | undefined)?.['content'] as Json | undefined;
    const responses = new Map<string, Map<string, ValidateFunction | null>>();
    for (const [status, raw] of Object.entries(op['responses'] as Json)) {
      const content = (this.resolve(raw) as Json)['content'] as Record<string, Json> | undefined;
      const byType = new Map<string, ValidateFunction | null>();
      for (const [type, media] of Object.entries(content ?? { '*': {} })) {
        byType.set(type, media['schema'] ? this.compile(media['schema']) : null);
      }
      responses.set(status, byType);
    }
    const security = (op['security'] as unknown[] | undefined) ?? rootSecurity;
    return {
      operationId: op['operationId'] as string,
      method: method.toUpperCase(),
      template,
      secured: security.length > 0,
      params,
      body: body?.['application/json']
        ? this.compile((body['application/json'] as Json)['schema'])
        : undefined,
      responses,
      pattern,
      pathNames,
    } satisfies Operation;
  }

  /** The operation for a request, or the methods the path allows (for a 405). */
  match(
    method: string,
    pathname: string,
  ): { op: Operation; pathParams: Record<string, string> } | { allow: string[] } | undefined {
    const allow: string[] = [];
    for (const op of this.operations) {
      const m = op.pattern.exec(pathname);
      if (!m) continue;
      if (op.method !== method) {
        allow.push(op.method);
        continue;
      }
      const pathParams: Record<string, string> = {};
      op.pathNames.forEach((n, i) => (pathParams[n] = decodeURIComponent(m[i + 1] ?? '')));
      return { op, pathParams };
    }
    return allow.length ? { allow } : undefined;
  }

  /** Query and path parameters, typed and defaulted per the doc; errors point at the name. */
  readParams(
    op: Operation,
    query: URLSearchParams,
    pathParams: Record<string, string>,
  ): { values: Record<string, unknown>; errors: FieldError[] } {
    const values: Record<string, unknown> = {};
    const errors: FieldError[] = [];
    for (const p of op.params) {
      const raw = p.in === 'path' ? pathParams[p.name] : (query.get(p.name) ?? undefined);
      if (raw === undefined) {
        if (p.required) errors.push({ path: `/${p.name}`, message: 'is required' });
        else if (p.fallback !== undefined) values[p.name] = p.fallback;
        continue;
      }
      const value = p.integer && /^-?\d+$/.test(raw) ? Number(raw) : raw;
      if (!p.validate(value)) {
        errors.push(...toFieldErrors(p.validate.errors).map((e) => ({ ...e, path: `/${p.name}` })));
      } else values[p.name] = value;
    }
    return { values, errors };
  }

  /** Why an answer breaks the doc, or [] when it matches. */
  checkResponse(op: Operation, status: number, mediaType: string, body: unknown): FieldError[] {
    const byType = op.responses.get(String(status));
    if (!byType) return [{ path: '', message: `status ${status} is not declared` }];
    if (byType.has('*')) return [];
    if (!byType.has(mediaType)) return [{ path: '', message: `${mediaType} is not declared` }];
    const validate = byType.get(mediaType);
    return !validate || validate(body) ? [] : toFieldErrors(validate.errors);
  }
}

/** Local '#/…' references inside an inline schema point into the document's schemas. */
function rebase(node: unknown): Json {
  return JSON.parse(
    JSON.stringify(node, (k, v: unknown) =>
      k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${BASE}${v}` : v,
    ),
  ) as Json;
}
