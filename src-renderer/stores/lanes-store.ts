import { create } from 'zustand';
import type { LaneOutcome, LaneRoi, LaneView, StationApi } from '../../src-shared';
import { reportError } from '../report-error';
import { onSignedOut, whileSignedIn } from '../session-signal';
import { notConnected } from '../station';
import { t } from './i18n-store';
import { toast } from './toast-store';

function laneName(lanes: LaneView[], laneId: string): string {
  return lanes.find((l) => l.id === laneId)?.name ?? laneId;
}

export interface LanesState {
  lanes: LaneView[];
  loaded: boolean;
  /** Latest camera frame per lane, as a data: URL. Kept apart so a frame re-renders one card. */
  frames: Record<string, string>;
  /** What the last read this console asked for led to, per lane. */
  outcomes: Record<string, LaneOutcome>;
  busy: Record<string, boolean>;
  /** Lane pushes flow while someone is signed in; the lanes load at each sign-in. */
  start: (api: StationApi) => () => void;
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
  /** A manager's reading area for the lane (null: whole frame). Throws on failure. */
  setRoi: (laneId: string, roi: LaneRoi | null) => Promise<void>;
  reset: () => void;
}

const initial = { lanes: [], loaded: false, frames: {}, outcomes: {}, busy: {} };

export const useLanesStore = create<LanesState>()((set, get) => {
  let api = notConnected;

  async function read(laneId: string, run: () => Promise<LaneOutcome | null>) {
    set((s) => ({ busy: { ...s.busy, [laneId]: true } }));
    try {
      const outcome = await run();
      if (outcome) get().recordOutcome(laneId, outcome);
      else toast('info', t('lanes.noPlateRead', { lane: laneName(get().lanes, laneId) }));
      return outcome;
    } catch (err) {
      reportError(err);
      return null;
    } finally {
      set((s) => ({ busy: { ...s.busy, [laneId]: false } }));
    }
  }

  return {
    ...initial,
    start(next) {
      api = next;
      const stop = whileSignedIn(() => {
        const offs = [
          next.on('lane:updated', (lane) => get().applyLane(lane)),
          next.on('lane:frame', (frame) => get().applyFrame(frame.laneId, frame.jpegBase64)),
        ];
        // Subscribe first, then load, so nothing pushed in between is missed.
        void get().load();
        return () => offs.forEach((off) => off());
      });
      return () => {
        stop();
        api = notConnected;
      };
    },
    async load() {
      try {
        const lanes = await api.request('lanes:list', {});
        set({ lanes, loaded: true });
      } catch (err) {
        reportError(err, t('lanes.loadFailed'));
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
      return read(laneId, () => api.request('lanes:trigger', { laneId }));
    },
    manualRead(laneId, plate) {
      return read(laneId, () => api.request('lanes:manualRead', { laneId, plate }));
    },
    async openGate(laneId, reason) {
      const lane = await api.request('lanes:openGate', { laneId, reason });
      get().applyLane(lane);
    },
    async setRoi(laneId, roi) {
      get().applyLane(await api.request('lanes:setRoi', { laneId, roi }));
    },
    reset() {
      set(initial);
    },
  };
});

// The last results (with their "Take payment" buttons) belong to the operator who asked.
onSignedOut(() => useLanesStore.getState().reset());

/** Selector: a lane's name, or its id until the lanes have loaded. */
export function selectLaneName(laneId: string): (s: LanesState) => string {
  return (s) => laneName(s.lanes, laneId);
}

export function useLaneName(laneId: string): string {
  return useLanesStore(selectLaneName(laneId));
}
