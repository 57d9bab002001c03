import { create } from 'zustand';
import type { DeviceStatus, StationApi, StationStatus, ZoneView } from '../../src-shared';
import { errorMessage, notConnected } from '../station';

interface StatusState {
  phase: 'loading' | 'ready' | 'error';
  error: string | null;
  stationName: string;
  mode: StationStatus['mode'] | null;
  /** ISO code of the station's currency; every amount on screen uses it. */
  currency: string;
  devices: DeviceStatus[];
  zones: ZoneView[];
  /** Device and zone pushes flow from here on, signed in or not. Returns the stop function. */
  start: (api: StationApi) => () => void;
  /** Returns the status (its operator is for the operator store), or null on failure. */
  load: () => Promise<StationStatus | null>;
  applyDevice: (device: DeviceStatus) => void;
  applyZone: (zone: ZoneView) => void;
}

function upsert<T extends { id: string }>(list: T[], item: T): T[] {
  const index = list.findIndex((x) => x.id === item.id);
  if (index === -1) return [...list, item];
  return list.map((x, i) => (i === index ? item : x));
}

export const useStatusStore = create<StatusState>()((set, get) => {
  let api = notConnected;
  return {
    phase: 'loading',
    error: null,
    stationName: '',
    mode: null,
    currency: '',
    devices: [],
    zones: [],
    start(next) {
      api = next;
      const offs = [
        next.on('device:status', (device) => get().applyDevice(device)),
        next.on('zone:occupancy', (zone) => get().applyZone(zone)),
      ];
      return () => {
        offs.forEach((off) => off());
        api = notConnected;
      };
    },
    async load() {
      set({ phase: 'loading', error: null });
      try {
        const status = await api.request('station:status', {});
        set({
          phase: 'ready',
          stationName: status.stationName,
          mode: status.mode,
          currency: status.currency,
          devices: status.devices,
          zones: status.zones,
        });
        return status;
      } catch (err) {
        set({ phase: 'error', error: errorMessage(err) });
        return null;
      }
    },
    applyDevice(device) {
      set((s) => ({ devices: upsert(s.devices, device) }));
    },
    applyZone(zone) {
      set((s) => ({ zones: upsert(s.zones, zone) }));
    },
  };
});

export function useCurrency(): string {
  return useStatusStore((s) => s.currency);
}

/** Whether the site has a forecourt (a pump controller): the Fuel screen is for those only. */
export function selectHasForecourt(s: Pick<StatusState, 'devices'>): boolean {
  return s.devices.some((d) => d.kind === 'pump-controller');
}
