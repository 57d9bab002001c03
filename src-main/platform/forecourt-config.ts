import { z } from 'zod';
import { GRADE_ID, parseUnitPrice } from '../../src-shared/domain/fuel';
import { plainLineFields } from '../devices/serial/line-settings';

/*
 * The forecourt of a fuel station, as station.json's `forecourt` key gives it: the pump
 * controller (FCL/1 over serial, src-main/devices/pump/PROTOCOL.md), the grades with their unit
 * prices, and the pump lanes (a lane of kind `pump`: its pumps, each nozzle with its grade).
 * stationConfigSchema (./station-config) takes it with the camera shape its other lanes use.
 *
 *   "forecourt": {
 *     "controller": { "kind": "fcl-serial", "path": "/dev/ttyUSB3" },
 *     "grades": [{ "id": "e95", "name": "Benzina 95", "unitPrice": "6.789" }],
 *     "lanes": [{ "id": "pumps-1", "name": "Pumps 1-2", "kind": "pump",
 *                 "pumps": [{ "pump": 1, "nozzles": [{ "nozzle": 1, "grade": "e95" }] }] }]
 *   }
 */

/**
 * A unit price as people write it, in the tariffs' currency a litre, with up to three decimals
 * past the minor unit ("6.789"): kept as thousandths of the minor unit (678 900; see
 * src-shared/domain/fuel/pricing.ts). A string, so no JSON float ever rounds it.
 */
const unitPrice = z.string().transform((text, ctx) => {
  const price = parseUnitPrice(text);
  if (price === null) {
    ctx.addIssue({
      code: 'custom',
      message: 'a price a litre such as "6.789" (at most 5 decimals)',
    });
    return z.NEVER;
  }
  return price;
});

/** The pump controller; none: the site has no pump lanes. Serial lines are 9600 8N1 unless set. */
const pumpControllerConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('simulated'), ...plainLineFields }),
  z.object({ kind: z.literal('fcl-serial'), path: z.string().min(1), ...plainLineFields }),
]);

const nozzle = z.object({ nozzle: z.int().min(1).max(9), grade: z.string().regex(GRADE_ID) });
const pump = z.object({ pump: z.int().min(1).max(99), nozzles: z.array(nozzle).min(1).max(9) });

/** The forecourt schema, with the camera shape of the station's lanes. */
export function forecourtSchema<C extends z.ZodType>(camera: C) {
  return z
    .object({
      controller: pumpControllerConfig.default({ kind: 'none' }),
      grades: z
        .array(
          z.object({
            id: z.string().regex(GRADE_ID, '1..16 of A-Z a-z 0-9 _ -, a letter or digit first'),
            name: z.string().min(1).max(40),
            unitPrice,
          }),
        )
        .default([]),
      lanes: z
        .array(
          z.object({
            id: z.string().regex(/^[A-Za-z0-9_-]+$/),
            name: z.string().min(1),
            kind: z.literal('pump'),
            /** The lane's camera: it reads the plate of the car at these pumps. */
            camera: camera.optional(),
            pumps: z.array(pump).min(1),
          }),
        )
        .default([]),
    })
    .superRefine((f, ctx) => {
      const issue = (path: (string | number)[], message: string) =>
        ctx.addIssue({ code: 'custom', path, message });
      const grades = new Set<string>();
      f.grades.forEach((g, i) => {
        if (grades.has(g.id)) issue(['grades', i, 'id'], `grade ${g.id} is listed twice`);
        grades.add(g.id);
      });
      if (f.lanes.length > 0 && f.controller.kind === 'none') {
        issue(['controller'], 'pump lanes need a pump controller');
      }
      const laneIds = new Set<string>();
      const pumps = new Set<number>();
      f.lanes.forEach((lane, l) => {
        if (laneIds.has(lane.id)) issue(['lanes', l, 'id'], `lane ${lane.id} is listed twice`);
        laneIds.add(lane.id);
        lane.pumps.forEach((p, i) => {
          if (pumps.has(p.pump)) issue(['lanes', l, 'pumps', i], `pump ${p.pump} is on two lanes`);
          pumps.add(p.pump);
          const nozzles = new Set<number>();
          p.nozzles.forEach((n, j) => {
            const at = ['lanes', l, 'pumps', i, 'nozzles', j];
            if (nozzles.has(n.nozzle)) issue(at, `pump ${p.pump} has nozzle ${n.nozzle} twice`);
            nozzles.add(n.nozzle);
            if (!grades.has(n.grade)) issue([...at, 'grade'], `no grade ${n.grade} is configured`);
          });
        });
      });
    })
    .prefault({});
}

export type ForecourtConfig = z.output<ReturnType<typeof forecourtSchema<z.ZodType>>>;
export type PumpLaneConfig = ForecourtConfig['lanes'][number];
