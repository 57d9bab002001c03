import type { ChannelName, EventName } from '../src-shared';

/*
 * Zod-free copies of the contract's channel and event names, for the two bridges. Importing
 * channels.ts or events.ts (or the src-shared barrel) at run time would bundle zod and the
 * schemas, ~750 KB, into a preload that only needs the names. The type checks below fail the
 * build if a name is missing or unknown; tests/integration/shell compares them at run time too.
 */
export const CHANNEL_NAMES = [
  'station:status',
  'setup:firstManager',
  'operator:signIn',
  'operator:signOut',
  'operator:unlock',
  'operator:activity',
  'operator:changePin',
  'operator:elevate',
  'operators:list',
  'operators:add',
  'operators:resetPin',
  'settings:setLanguage',
  'lanes:list',
  'lanes:manualRead',
  'lanes:trigger',
  'lanes:openGate',
  'lanes:setRoi',
  'sessions:search',
  'sessions:get',
  'sessions:quote',
  'payments:cash',
  'payments:card',
  'payments:qrStart',
  'payments:qrCancel',
  'payments:qrStatus',
  'payments:qrOpen',
  'payments:qrPrint',
  'payments:unableToCollect',
  'receipts:reprint',
  'receipts:attention',
  'receipts:digital',
  'receipts:void',
  'shifts:drawer',
  'shifts:open',
  'shifts:moveCash',
  'shifts:pause',
  'shifts:resume',
  'shifts:xReport',
  'shifts:close',
  'shifts:acceptVariance',
  'payments:byReceipt',
  'payments:void',
  'payments:waive',
  'payments:refund',
  'alerts:list',
  'alerts:resolve',
  'alerts:admitBlacklisted',
  'lot:list',
  'lot:correctPlate',
  'lot:markPaid',
  'lot:deleteRecord',
  'photos:get',
  'audit:list',
  'journal:list',
  'sync:status',
  'sync:now',
  'sync:retryHeld',
  'bookings:list',
  'bookings:create',
  'bookings:checkIn',
  'bookings:scanToken',
  'bookings:startService',
  'bookings:complete',
  'bookings:cancel',
  'bookings:convertToWalkIn',
  'charts:demand',
  'charts:forecast',
  'charts:limits',
  'charts:setLimits',
  'exceptions:list',
  'exceptions:acknowledge',
  'loyalty:lookup',
  'loyalty:redeem',
  'loyalty:products',
  'loyalty:redeemProduct',
  'coupons:redeem',
  'coupons:refusals',
  'fuel:sales',
  'fuel:confirmPlate',
  'fuel:payCash',
  'fuel:payCard',
] as const satisfies readonly ChannelName[];

export const EVENT_NAMES = [
  'lane:updated',
  'lane:frame',
  'zone:occupancy',
  'session:changed',
  'alert:raised',
  'receipt:printed',
  'device:status',
  'sync:status',
  'shift:changed',
  'qr:changed',
  'settings:changed',
  'bookings:changed',
  'exceptions:changed',
  'fuel:changed',
  'loyalty:changed',
] as const satisfies readonly EventName[];

type MustBeEmpty<T extends never> = T;
export type MissingChannelNames = MustBeEmpty<Exclude<ChannelName, (typeof CHANNEL_NAMES)[number]>>;
export type MissingEventNames = MustBeEmpty<Exclude<EventName, (typeof EVENT_NAMES)[number]>>;

const channelSet: ReadonlySet<string> = new Set(CHANNEL_NAMES);
const eventSet: ReadonlySet<string> = new Set(EVENT_NAMES);

export const isKnownChannel = (name: unknown): name is ChannelName =>
  typeof name === 'string' && channelSet.has(name);
export const isKnownEvent = (name: unknown): name is EventName =>
  typeof name === 'string' && eventSet.has(name);
