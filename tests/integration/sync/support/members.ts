import assert from 'node:assert/strict';
import { phoneDigest } from '../../../../src-main/services/loyalty-members';
import type { Harness as Server } from '../../reference-server/support/harness';

/**
 * The operator's member the loyalty tests share: Ana Popescu, found by her phone
 * (+40 722 123 456), her card MBR-0001-ANA, or the plate of her car. The reference server
 * sends her (and the car) to `stationId` with its next pull.
 */
export async function putAna(
  server: Server,
  stationId: string,
  car: { plate: string; label: string | null },
): Promise<void> {
  const res = await server.admin.post('/admin/changes', {
    stations: [stationId],
    changes: [
      {
        kind: 'member',
        op: 'put',
        data: {
          id: 'm-ana',
          name: 'Ana Popescu',
          tier: 'gold',
          smsOptIn: true,
          phoneSha256: phoneDigest('+40722123456'),
          codes: ['MBR-0001-ANA'],
        },
      },
      { kind: 'vehicle', op: 'put', data: { ...car, memberId: 'm-ana' } },
    ],
  });
  assert.equal(res.status, 200, JSON.stringify(res.data));
}
