import { create } from 'zustand';
import type { DeviceStatus, StationApi, StationStatus, ZoneView } from '../../src-shared';
import { errorMessage, station } from '../station';
import { useOperatorStore } from './operator-store';

interface StatusState {
  phase: 'loading' | 'ready' | 'error';
  error: string | null;
  stationName: string;
  mode: StationStatus['mode'] | null;
  /** ISO code of the station's currency; every amount on screen uses it. */
  currency: string;
  devices: DeviceStatus[];
  zones: ZoneView[];
  load: () => Promise<void>;
  applyDevice: (device: DeviceStatus) => void;
  applyZone: (zone: ZoneView) => void;
}

function upsert<T extends { id: string }>(list: T[], item: T): T[] {
  const index = list.findIndex((x) => x.id === item.id);
  if (index === -1) return [...list, item];
  return list.map((x, i) => (i === index ? item : x));
}

export const useStatusStore = create<StatusState>()((set) => ({
  phase: 'loading',
  error: null,
  stationName: '',
  mode: null,
  currency: '',
  devices: [],
  zones: [],
  async load() {
    set({ phase: 'loading', error: null });
    try {
      const status = await station().request('station:status', {});
      set({
        phase: 'ready',
        stationName: status.stationName,
        mode: status.mode,
        currency: status.currency,
        devices: status.devices,
        zones: status.zones,
      });
      useOperatorStore.getState().setFromStatus(status.operator);
    } catch (err) {
      set({ phase: 'error', error: errorMessage(err) });
    }
  },
  applyDevice(device) {
    set((s) => ({ devices: upsert(s.devices, device) }));
  },
  applyZone(zone) {
    set((s) => ({ zones: upsert(s.zones, zone) }));
  },
}));

/** Device and zone pushes; returns the unsubscribe. */
export function subscribeStatusEvents(api: StationApi): () => void {
  const offs = [
    api.on('device:status', (device) => useStatusStore.getState().applyDevice(device)),
    api.on('zone:occupancy', (zone) => useStatusStore.getState().applyZone(zone)),
  ];
  return () => offs.forEach((off) => off());
}

export function useCurrency(): string {
  return useStatusStore((s) => s.currency);
}
