import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AxiosResponse } from 'axios';
import { ApiDoc } from '../../../reference-server/api-doc';
import { MAX_BODY_BYTES } from '../../../reference-server/http-util';
import {
  startHarness,
  STORE_KINDS,
  type Harness,
  type S,
  type StationClient,
} from './support/harness';

const problem = new ApiDoc().schema('Problem');

/** A problem+json answer with the given status and code, matching the document's Problem. */
function assertProblem(res: AxiosResponse<S['Problem']>, status: number, code: string) {
  assert.equal(res.status, status, JSON.stringify(res.data));
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  assert.ok(problem(res.data), JSON.stringify(problem.errors));
  assert.equal(res.data.code, code);
  assert.equal(res.data.status, status);
  assert.ok(res.data.detail.length > 0);
}

for (const kind of STORE_KINDS) {
  describe(`reference server bad requests (${kind})`, () => {
    let h: Harness;
    let st: StationClient;
    before(async () => {
      h = await startHarness(kind);
      st = await h.station();
    });
    after(() => h.close());

    const raw = (body: string, type = 'application/json') =>
      st.http.post('/v1/events', body, {
        headers: { 'content-type': type },
        transformRequest: [(d: unknown) => d],
      });

    it('a body that is not JSON is 400 malformed-json', async () => {
      assertProblem(await raw('{"events": ['), 400, 'malformed-json');
    });

    it('a body that is not application/json is 415', async () => {
      assertProblem(
        await raw('events=1', 'application/x-www-form-urlencoded'),
        415,
        'unsupported-media-type',
      );
    });

    it('a body over 8 MiB is 413, whatever it says', async () => {
      const big = JSON.stringify({ events: [{ pad: 'x'.repeat(MAX_BODY_BYTES) }] });
      const res = await raw(big).catch((err: { response?: AxiosResponse; code?: string }) => {
        // The server may answer and close before the client finishes sending.
        if (err.response) return err.response;
        throw err;
      });
      assertProblem(res, 413, 'payload-too-large');
    });

    it('a request that breaks the schema is 400 invalid-request listing where', async () => {
      const res = await st.http.post('/v1/messages', { kind: 'session-expiry', plate: 'lower' });
      assertProblem(res, 400, 'invalid-request');
      assert.ok(res.data.errors.length >= 1);
      for (const e of res.data.errors) assert.equal(typeof e.path, 'string');
    });

    it('an unknown path is 404 and a wrong method 405 with Allow, both problem+json', async () => {
      assertProblem(await st.http.get('/v1/nothing-here'), 404, 'not-found');
      const res = await st.http.delete('/v1/events');
      assertProblem(res, 405, 'method-not-allowed');
      assert.equal(res.headers['allow'], 'POST');
    });

    it('the admin API wants its token', async () => {
      assertProblem(await h.anon.get('/admin/stations'), 401, 'unauthorized');
      assertProblem(await st.http.get('/admin/stations'), 401, 'unauthorized');
      const page = await h.anon.get('/operator');
      assert.equal(page.status, 401);
    });
  });
}
