import { useRef, useState, type PointerEvent } from 'react';
import type { LaneRoi, LaneView } from '../../src-shared';
import { MIN_ROI_SIDE, normaliseRoi, roiFromCorners } from '../../src-shared';
import { reportError } from '../report-error';
import { useT } from '../stores/i18n-store';
import { useLanesStore } from '../stores/lanes-store';
import { toast } from '../stores/toast-store';
import { Dialog } from './Dialog';
import { DialogActions } from './DialogActions';
import { InlineError } from './InlineError';

type Fields = Record<keyof LaneRoi, string>;
const SIDES = ['x', 'y', 'w', 'h'] as const;
const WHOLE: LaneRoi = { x: 0, y: 0, w: 1, h: 1 };

const toFields = (r: LaneRoi): Fields => ({
  x: String(Math.round(r.x * 1000) / 10),
  y: String(Math.round(r.y * 1000) / 10),
  w: String(Math.round(r.w * 1000) / 10),
  h: String(Math.round(r.h * 1000) / 10),
});

/** The typed per-cent fields as an ROI; null when a field is not a number or it leaves the frame. */
function fromFields(f: Fields): LaneRoi | null {
  const [x, y, w, h] = SIDES.map((k) => Number(f[k].replace(',', '.')) / 100);
  if (![x, y, w, h].every((v) => v !== undefined && Number.isFinite(v))) return null;
  const r = { x: x!, y: y!, w: w!, h: h! };
  if (r.x < 0 || r.y < 0 || r.w < MIN_ROI_SIDE || r.h < MIN_ROI_SIDE) return null;
  if (r.x + r.w > 1.0001 || r.y + r.h > 1.0001) return null;
  return normaliseRoi(r);
}

/** The ROI as CSS box percentages over the picture. */
export function roiStyle(r: LaneRoi) {
  return {
    left: `${r.x * 100}%`,
    top: `${r.y * 100}%`,
    width: `${r.w * 100}%`,
    height: `${r.h * 100}%`,
  };
}

/**
 * A manager draws the lane's region of interest (issue 12) on its live picture: a pointer drag
 * (mouse, pen or finger; the surface captures the pointer and takes no touch scrolling), or the
 * four per-cent fields for the keyboard. Save stores it for the lane; "Whole picture" clears it.
 */
export function LaneRoiDialog({
  lane,
  frame,
  onClose,
}: {
  lane: LaneView;
  frame: string | undefined;
  onClose: () => void;
}) {
  const t = useT();
  const setRoi = useLanesStore((s) => s.setRoi);
  const [fields, setFields] = useState<Fields>(toFields(lane.roi ?? WHOLE));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const surface = useRef<HTMLDivElement>(null);
  const drag = useRef<{ pointerId: number; start: { x: number; y: number } } | null>(null);
  const draft = fromFields(fields);

  const pointAt = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return { x: (e.clientX - box.left) / box.width, y: (e.clientY - box.top) / box.height };
  };
  const follow = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current?.pointerId !== e.pointerId) return;
    const roi = roiFromCorners(drag.current.start, pointAt(e));
    if (roi) {
      setFields(toFields(roi));
      setError(null);
    }
  };

  async function save(roi: LaneRoi | null) {
    setBusy(true);
    try {
      await setRoi(lane.id, roi);
      toast('ok', t(roi ? 'lanes.roi.saved' : 'lanes.roi.cleared', { lane: lane.name }));
      onClose();
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('lanes.roi.title', { lane: lane.name })} onClose={onClose} wide>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!draft) setError(t('lanes.roi.tooSmall'));
          else void save(draft);
        }}
      >
        <p className="muted">{t('lanes.roi.hint')}</p>
        <div className="lane-frame-wrap">
          {frame ? (
            <img
              className="lane-frame"
              src={frame}
              alt={t('lanes.cameraAt', { lane: lane.name })}
            />
          ) : (
            <div className="lane-frame photo-empty">{t('lanes.noPicture')}</div>
          )}
          {draft && <div className="lane-roi lane-roi-draft" style={roiStyle(draft)} />}
          <div
            ref={surface}
            className="lane-roi-surface"
            data-testid={`lane-${lane.id}-roi-surface`}
            aria-label={t('lanes.roi.area')}
            role="img"
            onPointerDown={(e) => {
              e.preventDefault();
              // The drag keeps this pointer even when it leaves the picture (a finger overshoots).
              try {
                e.currentTarget.setPointerCapture(e.pointerId);
              } catch {
                // Not an active pointer (a synthetic event): the drag still follows it.
              }
              drag.current = { pointerId: e.pointerId, start: pointAt(e) };
            }}
            onPointerMove={follow}
            onPointerUp={(e) => {
              follow(e);
              drag.current = null;
            }}
            onPointerCancel={() => {
              drag.current = null;
            }}
          />
        </div>
        <div className="lane-roi-fields">
          {SIDES.map((k) => (
            <label key={k}>
              {t(`lanes.roi.${k}`)}
              <input
                type="number"
                inputMode="decimal"
                min={0}
                max={100}
                step={0.1}
                value={fields[k]}
                data-testid={`lane-${lane.id}-roi-${k}`}
                onChange={(e) => {
                  setFields({ ...fields, [k]: e.target.value });
                  setError(null);
                }}
              />
            </label>
          ))}
        </div>
        <InlineError message={error} />
        <div className="row">
          <button type="button" disabled={busy} onClick={() => void save(null)}>
            {t('lanes.roi.whole')}
          </button>
        </div>
        <DialogActions onCancel={onClose} busy={busy} submitLabel={t('lanes.roi.save')} />
      </form>
    </Dialog>
  );
}
