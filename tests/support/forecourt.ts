/**
 * The forecourt most fuel tests run: the simulated pump controller, one grade (Benzina 95 at
 * 6.789 lei a litre) and one pump lane of `pumps` pumps with one nozzle each, watched by the
 * bundled frames of one car when `camera` (the harness's resources decide which car).
 */
export function testForecourt(o: { pumps?: number; camera?: boolean } = {}) {
  const pumps = Array.from({ length: o.pumps ?? 1 }, (_, i) => ({
    pump: i + 1,
    nozzles: [{ nozzle: 1, grade: 'e95' }],
  }));
  return {
    controller: { kind: 'simulated' as const },
    grades: [{ id: 'e95', name: 'Benzina 95', unitPrice: '6.789' }],
    lanes: [
      {
        id: 'pumps-a',
        name: 'Pumps 1-2',
        kind: 'pump' as const,
        ...(o.camera
          ? { camera: { kind: 'folder' as const, uri: 'sample-lanes/entry', holdSeconds: 60 } }
          : {}),
        pumps,
      },
    ],
  };
}

/** Polls until `check` gives something: a bounded wait for the station's own progress. */
export async function eventually<T>(
  check: () => Promise<T | null | false>,
  what: string,
  withinMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`never saw: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
