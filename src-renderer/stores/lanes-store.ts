import { create } from 'zustand';
import type { LaneOutcome, LaneView, StationApi } from '../../src-shared';
import { reportError } from '../report-error';
import { station } from '../station';
import { toast } from './toast-store';

function laneName(lanes: LaneView[], laneId: string): string {
  return lanes.find((l) => l.id === laneId)?.name ?? laneId;
}

interface LanesState {
  lanes: LaneView[];
  loaded: boolean;
  /** Latest camera frame per lane, as a data: URL. Kept apart so a frame re-renders one card. */
  frames: Record<string, string>;
  /** What the last read this console asked for led to, per lane. */
  outcomes: Record<string, LaneOutcome>;
  busy: Record<string, boolean>;
  load: () => Promise<void>;
  applyLane: (lane: LaneView) => void;
  applyFrame: (laneId: string, jpegBase64: string) => void;
  recordOutcome: (laneId: string, outcome: LaneOutcome) => void;
  /** A paid session no longer needs the "Not paid" result its lane showed. */
  clearUnpaidFor: (sessionId: string) => void;
  trigger: (laneId: string) => Promise<LaneOutcome | null>;
  manualRead: (laneId: string, plate: string) => Promise<LaneOutcome | null>;
  /** Throws on failure so the reason dialog can show why. */
  openGate: (laneId: string, reason: string) => Promise<void>;
}

export const useLanesStore = create<LanesState>()((set, get) => {
  async function read(laneId: string, run: () => Promise<LaneOutcome | null>) {
    set((s) => ({ busy: { ...s.busy, [laneId]: true } }));
    try {
      const outcome = await run();
      if (outcome) get().recordOutcome(laneId, outcome);
      else toast('info', `No plate was read at ${laneName(get().lanes, laneId)}.`);
      return outcome;
    } catch (err) {
      reportError(err);
      return null;
    } finally {
      set((s) => ({ busy: { ...s.busy, [laneId]: false } }));
    }
  }

  return {
    lanes: [],
    loaded: false,
    frames: {},
    outcomes: {},
    busy: {},
    async load() {
      try {
        const lanes = await station().request('lanes:list', {});
        set({ lanes, loaded: true });
      } catch (err) {
        reportError(err, 'Could not load lanes');
      }
    },
    applyLane(lane) {
      set((s) => {
        const known = s.lanes.some((l) => l.id === lane.id);
        return {
          lanes: known ? s.lanes.map((l) => (l.id === lane.id ? lane : l)) : [...s.lanes, lane],
        };
      });
    },
    applyFrame(laneId, jpegBase64) {
      set((s) => ({ frames: { ...s.frames, [laneId]: `data:image/jpeg;base64,${jpegBase64}` } }));
    },
    recordOutcome(laneId, outcome) {
      set((s) => ({ outcomes: { ...s.outcomes, [laneId]: outcome } }));
    },
    clearUnpaidFor(sessionId) {
      set((s) => ({
        outcomes: Object.fromEntries(
          Object.entries(s.outcomes).filter(
            ([, o]) => !(o.kind === 'unpaid' && o.sessionId === sessionId),
          ),
        ),
      }));
    },
    trigger(laneId) {
      return read(laneId, () => station().request('lanes:trigger', { laneId }));
    },
    manualRead(laneId, plate) {
      return read(laneId, () => station().request('lanes:manualRead', { laneId, plate }));
    },
    async openGate(laneId, reason) {
      const lane = await station().request('lanes:openGate', { laneId, reason });
      get().applyLane(lane);
    },
  };
});

export function subscribeLaneEvents(api: StationApi): () => void {
  const offs = [
    api.on('lane:updated', (lane) => useLanesStore.getState().applyLane(lane)),
    api.on('lane:frame', (frame) =>
      useLanesStore.getState().applyFrame(frame.laneId, frame.jpegBase64),
    ),
  ];
  return () => offs.forEach((off) => off());
}

export function useLaneName(laneId: string): string {
  return useLanesStore((s) => laneName(s.lanes, laneId));
}
