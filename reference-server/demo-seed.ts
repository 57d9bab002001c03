import type { components } from '../api/openapi-types';
import type { ApiDoc } from './api-doc';
import { demoEtokenSigner } from './etokens';
import { toChange } from './reference-data';
import type { ChangeInput, ChangeKind, Store } from './store/store';
import { secretHash } from './tokens';

type S = components['schemas'];

/** Demo stations' device credentials, printed by the CLI; tests and the demo use them. */
export const DEMO_STATION = {
  id: 'demo-station',
  name: 'Demo car park',
  deviceSecret: 'demo-device-secret-0001',
};

/** Operator-wide demo reference data: what a new user sees arrive at the booth. */
export function demoReferenceData(now: number): [ChangeKind, unknown][] {
  const day = 86_400_000;
  const tariff: S['Tariff'] = {
    id: 'default',
    name: 'Standard parking',
    currency: 'RON',
    timeZone: 'Europe/Bucharest',
    freeMinutes: 15,
    steps: [
      { fromMinute: 0, incrementMinutes: 60, pricePerIncrementMinor: 500 },
      { fromMinute: 60, incrementMinutes: 30, pricePerIncrementMinor: 200 },
    ],
    dailyCap: { amountMinor: 5000, mode: 'calendar' },
    night: {
      start: '22:00',
      end: '07:00',
      incrementMinutes: 60,
      pricePerIncrementMinor: 300,
      maxPerNightMinor: 1000,
    },
    lostTicketFeeMinor: 10000,
    exitGraceMinutes: 15,
    reentryMinutes: 10,
  };
  const fuel: S['PriceList'] = {
    id: 'fuel',
    name: 'Fuel',
    currency: 'RON',
    effectiveFrom: now,
    items: [
      { sku: 'diesel', name: 'Diesel', unit: 'litre', unitPriceMinor: 749 },
      { sku: 'petrol95', name: 'Petrol 95', unit: 'litre', unitPriceMinor: 729 },
    ],
  };
  // The demo operator's Ed25519 key (reference-server/etokens.ts), so the demo's e-tokens verify
  // against what the station pulls.
  return [
    ['tariff', tariff],
    ['priceList', fuel],
    // Ana's phone is +40 722 123 456 (its digest: the number stays with the operator) and her
    // member card reads MBR-0001-ANA; the cashier finds her by either, or by her car's plate.
    [
      'member',
      {
        id: 'm-ana',
        name: 'Ana Popescu',
        tier: 'gold',
        smsOptIn: true,
        phoneSha256: '93841fe8558bfa0dbc484f476f27af1de186cd33dfb09c4d1215d42f1abbe0f5',
        codes: ['MBR-0001-ANA'],
      },
    ],
    ['member', { id: 'm-dan', name: 'Dan Ionescu', tier: 'standard', smsOptIn: false }],
    // The demo forecourt's regular: his car is the one the sample pump lane reads.
    ['member', { id: 'm-bogdan', name: 'Bogdan Radu', tier: 'silver', smsOptIn: false }],
    ['vehicle', { plate: 'BR07AAC', memberId: 'm-bogdan', label: 'Grey Skoda Octavia' }],
    ['vehicle', { plate: 'B123ABC', memberId: 'm-ana', label: 'Blue Dacia Logan' }],
    ['vehicle', { plate: 'CJ45XYZ', memberId: 'm-dan', label: null }],
    ['loyaltyBalance', { memberId: 'm-ana', points: 1250, asOf: now }],
    [
      'permit',
      {
        id: 'p-staff-1',
        plate: 'B777OPS',
        kind: 'staff',
        zoneIds: [],
        validFrom: now - day,
        validTo: null,
      },
    ],
    [
      'plateListEntry',
      { plate: 'B666BAD', list: 'blacklist', reason: 'Unpaid fees', validTo: null },
    ],
    ['plateListEntry', { plate: 'B100VIP', list: 'whitelist', reason: 'Owner', validTo: null }],
    ['etokenKey', demoEtokenSigner().publicKey(now - day)],
    [
      'booking',
      {
        id: 'bk-1',
        plate: 'B123ABC',
        zoneId: null,
        resource: { kind: 'pump', id: 'pump-1' },
        startsAt: now + day,
        endsAt: now + day + 7_200_000,
        status: 'confirmed',
        prepaidMinor: 1500,
        currency: 'RON',
        etokenId: null,
        contact: 'Ana P.',
        lateUntil: null,
      },
    ],
    // Today's schedule at the demo booth: a bay soon, a pump slot within the hour.
    ...[
      { id: 'bk-2', plate: 'CJ45XYZ', resource: 'bays', kind: 'bay', in: 20, minutes: 120 },
      { id: 'bk-3', plate: 'B100VIP', resource: 'pump-1', kind: 'pump', in: 45, minutes: 15 },
    ].map((b): [ChangeKind, S['Booking']] => [
      'booking',
      {
        id: b.id,
        plate: b.plate,
        zoneId: null,
        resource: { kind: b.kind as 'pump' | 'bay', id: b.resource },
        startsAt: now + b.in * 60_000,
        endsAt: now + (b.in + b.minutes) * 60_000,
        status: 'confirmed',
        prepaidMinor: 0,
        currency: 'RON',
        etokenId: null,
        contact: null,
        lateUntil: null,
      },
    ]),
  ];
}

/**
 * Registers the demo station and sends the demo reference data to every station (and so to
 * stations registered later). Once per store: a restart on the same file adds nothing.
 */
export async function seedDemo(store: Store, doc: ApiDoc, now: number): Promise<void> {
  if (await store.getStation(DEMO_STATION.id)) return;
  await store.putStation(
    {
      id: DEMO_STATION.id,
      name: DEMO_STATION.name,
      secretHash: secretHash(DEMO_STATION.deviceSecret),
    },
    now,
  );
  const changes = demoReferenceData(now).map(([kind, data]) => {
    const change = toChange(doc, kind, 'put', data);
    if (Array.isArray(change))
      throw new Error(`demo ${kind} breaks the API: ${JSON.stringify(change)}`);
    return change;
  });
  await store.appendChanges('all', changes satisfies ChangeInput[], now);
}
