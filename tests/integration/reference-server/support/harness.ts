import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { components } from '../../../../api/openapi-types';
import {
  startReferenceServer,
  type ReferenceServer,
  type ServerOptions,
} from '../../../../reference-server/server';
import { openStore } from '../../../../reference-server/store/open';
import { freshDatabase } from './postgres';

export type S = components['schemas'];
export type StoreKind = 'sqlite' | 'postgres';
/** Every contract suite runs once per store: the same tests, the same expectations. */
export const STORE_KINDS: StoreKind[] = ['sqlite', 'postgres'];

export interface StationClient {
  id: string;
  secret: string;
  tokens: S['TokenResponse'];
  /** axios with this station's access token; never throws on a status, tests read it. */
  http: AxiosInstance;
  push(events: S['JournalEvent'][], headers?: Record<string, string>): Promise<AxiosResponse>;
  pull(
    cursor?: string,
    limit?: number,
    headers?: Record<string, string>,
  ): Promise<AxiosResponse<S['ChangesPage'] & Partial<S['Problem']>>>;
}

export interface Harness {
  kind: StoreKind;
  server: ReferenceServer;
  url: string;
  /** No auth, no base headers: for the token endpoint and for hostile requests. */
  anon: AxiosInstance;
  admin: AxiosInstance;
  /** Registers a station and signs it in with its device credentials. */
  station(id?: string): Promise<StationClient>;
  /** What the server holds from a station, in serverSeq order (admin API). */
  held(stationId: string): Promise<{ serverSeq: number; event: S['JournalEvent'] }[]>;
  close(): Promise<void>;
}

const client = (baseURL: string, headers: Record<string, string> = {}) =>
  axios.create({ baseURL, headers, validateStatus: () => true, proxy: false });

export async function startHarness(
  kind: StoreKind,
  options: Partial<ServerOptions> = {},
): Promise<Harness> {
  let spec: string;
  let dispose: () => Promise<void>;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'refsrv-'));
    spec = `sqlite:${join(dir, 'operator.db')}`;
    dispose = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const db = await freshDatabase();
    spec = db.url;
    dispose = db.dispose;
  }
  const store = await openStore(spec);
  const server = await startReferenceServer({
    store,
    faultHeader: true,
    autoDeliver: false,
    ...options,
  });
  const anon = client(server.url);
  const admin = client(server.url, { authorization: `Bearer ${server.adminToken}` });

  const signIn = async (id: string, secret: string) => {
    const res = await anon.post('/v1/auth/token', {
      grantType: 'device_credentials',
      stationId: id,
      deviceSecret: secret,
    });
    if (res.status !== 200)
      throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.data)}`);
    return res.data as S['TokenResponse'];
  };

  return {
    kind,
    server,
    url: server.url,
    anon,
    admin,
    async station(id = `st-${randomUUID().slice(0, 8)}`) {
      const secret = `secret-${randomUUID()}`;
      const put = await admin.put(`/admin/stations/${id}`, {
        name: `Station ${id}`,
        deviceSecret: secret,
      });
      if (put.status !== 200) throw new Error(`register failed: ${JSON.stringify(put.data)}`);
      const tokens = await signIn(id, secret);
      const http = client(server.url, { authorization: `Bearer ${tokens.accessToken}` });
      return {
        id,
        secret,
        tokens,
        http,
        push: (events, headers = {}) => http.post('/v1/events', { events }, { headers }),
        pull: (cursor, limit, headers = {}) =>
          http.get('/v1/changes', { params: { cursor, limit }, headers }),
      };
    },
    async held(stationId) {
      const res = await admin.get('/admin/events', { params: { stationId, limit: 10_000 } });
      return res.data.events;
    },
    async close() {
      await server.close();
      await dispose();
    },
  };
}

/** Journal-shaped events for one aggregate, numbered from `fromAggSeq`; seq continues `seqFrom`. */
export function events(
  stationId: string,
  aggregateId: string,
  count: number,
  { fromAggSeq = 1, seqFrom = 1, type = 'session.opened' } = {},
): S['JournalEvent'][] {
  return Array.from({ length: count }, (_, i) => ({
    seq: seqFrom + i,
    id: randomUUID(),
    stationId,
    aggregateType: 'session',
    aggregateId,
    aggregateSeq: fromAggSeq + i,
    type,
    version: 1,
    payload: { plate: 'B123ABC', n: i },
    actor: 'cashier',
    at: 1_700_000_000_000 + i,
  }));
}
