import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, STORE_KINDS, type Harness } from './support/harness';

for (const kind of STORE_KINDS) {
  describe(`reference server auth (${kind})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(kind, { tokens: { accessTtlMs: 60_000, refreshTtlMs: 600_000 } });
    });
    after(() => h.close());

    const tokenRequest = (body: unknown) => h.anon.post('/v1/auth/token', body);
    const whoAmI = (token: string) =>
      h.anon.get('/v1/station', { headers: { authorization: `Bearer ${token}` } });

    it('device credentials give an access token with a lifetime (a duration) and a refresh token', async () => {
      const st = await h.station();
      assert.equal(st.tokens.tokenType, 'Bearer');
      assert.equal(st.tokens.expiresInMs, 60_000);
      assert.equal(st.tokens.refreshExpiresInMs, 600_000);
      assert.equal(st.tokens.stationId, st.id);
      const me = await whoAmI(st.tokens.accessToken);
      assert.equal(me.status, 200);
      assert.equal(me.data.stationId, st.id);
      assert.equal(me.data.eventsHeld, 0);
      assert.equal(me.data.highestSeq, null);
    });

    it('a wrong secret and an unknown station get the same 401 invalid-credentials', async () => {
      const st = await h.station();
      const wrong = await tokenRequest({
        grantType: 'device_credentials',
        stationId: st.id,
        deviceSecret: 'not-the-secret-at-all',
      });
      const unknown = await tokenRequest({
        grantType: 'device_credentials',
        stationId: 'no-such-station',
        deviceSecret: st.secret,
      });
      for (const res of [wrong, unknown]) {
        assert.equal(res.status, 401);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        assert.equal(res.data.code, 'invalid-credentials');
      }
      assert.equal(wrong.data.detail, unknown.data.detail);
    });

    it('no token, a malformed header or an unknown token: 401 with WWW-Authenticate', async () => {
      const none = await h.anon.get('/v1/station');
      assert.equal(none.status, 401);
      assert.equal(none.data.code, 'unauthorized');
      assert.equal(none.headers['www-authenticate'], 'Bearer');
      const basic = await h.anon.get('/v1/station', { headers: { authorization: 'Basic eDp5' } });
      assert.equal(basic.status, 401);
      const forged = await whoAmI('at_forged-token-that-was-never-issued');
      assert.equal(forged.status, 401);
      assert.match(String(forged.headers['www-authenticate']), /invalid_token/);
    });

    it('refresh tokens rotate: the new pair works, the used refresh token is spent', async () => {
      const st = await h.station();
      const first = await tokenRequest({
        grantType: 'refresh_token',
        refreshToken: st.tokens.refreshToken,
      });
      assert.equal(first.status, 200);
      assert.notEqual(first.data.accessToken, st.tokens.accessToken);
      assert.notEqual(first.data.refreshToken, st.tokens.refreshToken);
      assert.equal((await whoAmI(first.data.accessToken)).status, 200);
      // The old access token lives on until it expires; the old refresh token is gone.
      assert.equal((await whoAmI(st.tokens.accessToken)).status, 200);
      const again = await tokenRequest({
        grantType: 'refresh_token',
        refreshToken: st.tokens.refreshToken,
      });
      assert.equal(again.status, 401);
      assert.equal(again.data.code, 'invalid-grant');
      const next = await tokenRequest({
        grantType: 'refresh_token',
        refreshToken: first.data.refreshToken,
      });
      assert.equal(next.status, 200);
    });

    it('an expired access token is 401 token-expired; refreshing gives a working one', async () => {
      const st = await h.station();
      h.server.clock.offsetMs = 60_000; // the access token's whole lifetime later
      try {
        const expired = await whoAmI(st.tokens.accessToken);
        assert.equal(expired.status, 401);
        assert.equal(expired.data.code, 'token-expired');
        assert.match(String(expired.headers['www-authenticate']), /expired/);
        const fresh = await tokenRequest({
          grantType: 'refresh_token',
          refreshToken: st.tokens.refreshToken,
        });
        assert.equal(fresh.status, 200);
        assert.equal((await whoAmI(fresh.data.accessToken)).status, 200);
      } finally {
        h.server.clock.offsetMs = 0;
      }
    });

    it('an expired refresh token is invalid-grant; the device credentials still sign in', async () => {
      const st = await h.station();
      await h.admin.put('/admin/clock', { offsetMs: 600_000 });
      try {
        const res = await tokenRequest({
          grantType: 'refresh_token',
          refreshToken: st.tokens.refreshToken,
        });
        assert.equal(res.status, 401);
        assert.equal(res.data.code, 'invalid-grant');
        const again = await tokenRequest({
          grantType: 'device_credentials',
          stationId: st.id,
          deviceSecret: st.secret,
        });
        assert.equal(again.status, 200);
      } finally {
        await h.admin.put('/admin/clock', { offsetMs: 0 });
      }
    });

    it('a changed device secret locks the old one out and revokes its tokens', async () => {
      const st = await h.station();
      await h.admin.put(`/admin/stations/${st.id}`, {
        name: 'renamed',
        deviceSecret: 'the-new-device-secret-123',
      });
      const old = await tokenRequest({
        grantType: 'device_credentials',
        stationId: st.id,
        deviceSecret: st.secret,
      });
      assert.equal(old.status, 401);
      assert.equal((await whoAmI(st.tokens.accessToken)).status, 401);
      const fresh = await tokenRequest({
        grantType: 'device_credentials',
        stationId: st.id,
        deviceSecret: 'the-new-device-secret-123',
      });
      assert.equal(fresh.status, 200);
    });

    it('a token request that breaks the schema is a 400 naming the field', async () => {
      const res = await tokenRequest({ grantType: 'password', user: 'x' });
      assert.equal(res.status, 400);
      assert.equal(res.data.code, 'invalid-request');
      assert.ok(res.data.errors.length > 0);
    });
  });
}
