/**
 * Multi-frame tracking and confidence-weighted voting (pure).
 *
 * Why: one frame's OCR is noisy (glare, motion blur, a 0 read as O); a car at a barrier is seen in
 * many frames. Reads are associated into per-vehicle tracks by box overlap / centre distance, and
 * each track emits ONE read event whose text wins a confidence-weighted vote.
 */
import { iou } from './detect-decode';
import type { PlateBox } from './plate-box';

export interface FrameRead {
  text: string;
  confidence: number;
  box: PlateBox;
  alternates?: { text: string; confidence: number }[];
  cropJpeg?: Buffer | null;
  format?: string | null;
}

export interface VehicleRead {
  trackId: number;
  text: string;
  /** Winning vote share × mean confidence of the frames that read the winner (0..1). */
  confidence: number;
  alternates: { text: string; confidence: number }[];
  /** Box and crop of the most confident frame that read the winning text. */
  box: PlateBox;
  cropJpeg: Buffer | null;
  format: string | null;
  bestFrameIndex: number;
  /** Frame indices that contributed a read. */
  framesUsed: number[];
  firstAt: number;
  lastAt: number;
}

export interface TrackerOptions {
  /** Association needs IoU ≥ this … (default 0.3) */
  minIou?: number;
  /** … or centre distance ≤ this × the larger box side (default 0.75). */
  maxCentreDist?: number;
  /** A track ends after this many consecutive frames without a matching read (default 3). */
  maxMissed?: number;
  /** Tracks with fewer reads are dropped as flukes (default 1 = keep all). */
  minFrames?: number;
  vote?: VoteOptions;
}

export interface VoteOptions {
  /** 'string': whole-string votes (default). 'position': per-position votes among same-length reads. */
  mode?: 'string' | 'position';
  /** Weight of a frame's alternates relative to their confidence (default 0.3). */
  alternateWeight?: number;
  maxAlternates?: number;
}

interface TrackObs {
  frameIndex: number;
  at: number;
  read: FrameRead;
}

interface Track {
  id: number;
  obs: TrackObs[];
  lastBox: PlateBox;
  missed: number;
}

export class PlateTracker {
  private readonly opts: Required<Omit<TrackerOptions, 'vote'>> & { vote: VoteOptions };
  private tracks: Track[] = [];
  private nextId = 1;

  constructor(options: TrackerOptions = {}) {
    this.opts = {
      minIou: options.minIou ?? 0.3,
      maxCentreDist: options.maxCentreDist ?? 0.75,
      maxMissed: options.maxMissed ?? 3,
      minFrames: options.minFrames ?? 1,
      vote: options.vote ?? {},
    };
  }

  /** Adds one frame's reads (possibly none); returns events for tracks that just ended. */
  push(frameIndex: number, at: number, reads: readonly FrameRead[]): VehicleRead[] {
    const unmatched = new Set(this.tracks);
    const pairs: { t: Track; r: FrameRead; score: number }[] = [];
    for (const t of this.tracks) {
      for (const r of reads) {
        const score = this.affinity(t.lastBox, r.box);
        if (score > 0) pairs.push({ t, r, score });
      }
    }
    // Greedy best-first matching: fine for the handful of plates a lane camera sees.
    pairs.sort((a, b) => b.score - a.score);
    const usedReads = new Set<FrameRead>();
    for (const { t, r } of pairs) {
      if (!unmatched.has(t) || usedReads.has(r)) continue;
      unmatched.delete(t);
      usedReads.add(r);
      t.obs.push({ frameIndex, at, read: r });
      t.lastBox = r.box;
      t.missed = 0;
    }
    for (const r of reads) {
      if (usedReads.has(r)) continue;
      this.tracks.push({
        id: this.nextId++,
        obs: [{ frameIndex, at, read: r }],
        lastBox: r.box,
        missed: 0,
      });
    }
    const ended: Track[] = [];
    for (const t of unmatched) {
      t.missed++;
      if (t.missed > this.opts.maxMissed) ended.push(t);
    }
    this.tracks = this.tracks.filter((t) => !ended.includes(t));
    return this.emit(ended);
  }

  /** Ends every open track (end of a burst). */
  flush(): VehicleRead[] {
    const all = this.tracks;
    this.tracks = [];
    return this.emit(all);
  }

  get openTracks(): number {
    return this.tracks.length;
  }

  private emit(tracks: Track[]): VehicleRead[] {
    return tracks
      .filter((t) => t.obs.length >= this.opts.minFrames)
      .sort((a, b) => a.id - b.id)
      .map((t) => voteTrack(t.id, t.obs, this.opts.vote))
      .filter((v): v is VehicleRead => v !== null);
  }

  /** >0 when the read can continue the track: IoU if it overlaps enough, else a small distance score. */
  private affinity(a: PlateBox, b: PlateBox): number {
    const o = iou(a, b);
    if (o >= this.opts.minIou) return 1 + o;
    const dx = a.x + a.w / 2 - (b.x + b.w / 2);
    const dy = a.y + a.h / 2 - (b.y + b.h / 2);
    const dist = Math.hypot(dx, dy) / Math.max(a.w, a.h, b.w, b.h);
    return dist <= this.opts.maxCentreDist ? 1 - dist / (this.opts.maxCentreDist + 1e-9) + 1e-6 : 0;
  }
}

/** Confidence-weighted vote over one track's observations. */
export function voteTrack(
  trackId: number,
  obs: readonly TrackObs[],
  options: VoteOptions = {},
): VehicleRead | null {
  const useful = obs.filter((o) => o.read.text.length > 0);
  if (useful.length === 0) return null;
  const altW = options.alternateWeight ?? 0.3;
  const votes = new Map<string, number>();
  let total = 0;
  for (const o of useful) {
    const w = Math.max(1e-6, o.read.confidence);
    votes.set(o.read.text, (votes.get(o.read.text) ?? 0) + w);
    total += w;
    for (const a of o.read.alternates ?? []) {
      votes.set(a.text, (votes.get(a.text) ?? 0) + altW * a.confidence);
      total += altW * a.confidence;
    }
  }
  if (options.mode === 'position') {
    const consensus = positionConsensus(useful);
    if (consensus)
      votes.set(consensus.text, Math.max(votes.get(consensus.text) ?? 0, consensus.weight));
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  const [winner, winnerWeight] = ranked[0]!;
  const supporters = useful.filter((o) => o.read.text === winner);
  const meanConf = supporters.length
    ? supporters.reduce((a, o) => a + o.read.confidence, 0) / supporters.length
    : Math.max(...useful.map((o) => o.read.confidence));
  const share = Math.min(1, winnerWeight / total);
  const best = (supporters.length ? supporters : useful).reduce((a, b) =>
    b.read.confidence > a.read.confidence ||
    (b.read.confidence === a.read.confidence && b.read.box.w > a.read.box.w)
      ? b
      : a,
  );
  return {
    trackId,
    text: winner,
    confidence: share * meanConf,
    alternates: ranked
      .slice(1, 1 + (options.maxAlternates ?? 3))
      .map(([text, w]) => ({ text, confidence: Math.min(1, w / total) })),
    box: best.read.box,
    cropJpeg: best.read.cropJpeg ?? null,
    format: best.read.format ?? null,
    bestFrameIndex: best.frameIndex,
    framesUsed: useful.map((o) => o.frameIndex),
    firstAt: Math.min(...useful.map((o) => o.at)),
    lastAt: Math.max(...useful.map((o) => o.at)),
  };
}

/**
 * Per-position weighted vote among reads of the most common length (length itself chosen by
 * weight). Lets a plate emerge that no single frame read fully right.
 */
export function positionConsensus(
  obs: readonly TrackObs[],
): { text: string; weight: number } | null {
  const byLen = new Map<number, number>();
  for (const o of obs)
    byLen.set(o.read.text.length, (byLen.get(o.read.text.length) ?? 0) + o.read.confidence);
  const [len] = [...byLen.entries()].sort((a, b) => b[1] - a[1])[0] ?? [0];
  const same = obs.filter((o) => o.read.text.length === len);
  if (len === 0 || same.length === 0) return null;
  let text = '';
  let weight = Infinity;
  for (let i = 0; i < len; i++) {
    const tally = new Map<string, number>();
    for (const o of same)
      tally.set(o.read.text[i]!, (tally.get(o.read.text[i]!) ?? 0) + o.read.confidence);
    const [ch, w] = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]!;
    text += ch;
    weight = Math.min(weight, w);
  }
  return { text, weight };
}

/** Runs a whole burst (frames in order) through a fresh tracker: one event per vehicle. */
export function voteBurst(
  frames: readonly { frameIndex: number; at: number; reads: readonly FrameRead[] }[],
  options: TrackerOptions = {},
): VehicleRead[] {
  const tracker = new PlateTracker(options);
  const events: VehicleRead[] = [];
  for (const f of frames) events.push(...tracker.push(f.frameIndex, f.at, f.reads));
  events.push(...tracker.flush());
  return events;
}
