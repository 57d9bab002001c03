/**
 * Generates api/openapi-types.ts from api/openapi.yaml (openapi-typescript), formatted with
 * the repository's Prettier settings so the committed file passes `prettier --check`.
 *
 *   node --import tsx reference-server/tools/api-types.ts          write it
 *   node --import tsx reference-server/tools/api-types.ts --check  fail if it is stale
 *
 * A test runs the check, so the types the server and the station's client compile against
 * can never differ from the document.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';
import { OPENAPI_FILE } from '../api-doc';

export const TYPES_FILE = fileURLToPath(new URL('../../api/openapi-types.ts', import.meta.url));

export async function renderApiTypes(): Promise<string> {
  const ast = await openapiTS(pathToFileURL(OPENAPI_FILE), { alphabetize: false });
  const header = '// Generated from api/openapi.yaml by `npm run api:types`. Do not edit.\n';
  const options = (await prettier.resolveConfig(TYPES_FILE)) ?? {};
  return prettier.format(header + astToString(ast), { ...options, filepath: TYPES_FILE });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = await renderApiTypes();
  if (process.argv.includes('--check')) {
    if (readFileSync(TYPES_FILE, 'utf8') !== text) {
      console.error('api/openapi-types.ts is stale: run npm run api:types');
      process.exit(1);
    }
  } else {
    writeFileSync(TYPES_FILE, text);
    console.log(`wrote ${TYPES_FILE}`);
  }
}
