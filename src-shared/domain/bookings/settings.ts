import { z } from 'zod';
import { bookingRules, resourceConfig, walkInRule } from './types';

/**
 * The site's booking set-up (station.json `bookings`): the resources that take bookings, the
 * walk-in rules that keep capacity free, and the timing rules. No resources: the booth takes
 * no bookings (pulled ones are still listed and checked in).
 */
export const bookingSettings = z
  .object({
    resources: z.array(resourceConfig).default([]),
    walkIn: z.array(walkInRule).default([]),
    rules: bookingRules.prefault({}),
    /** How often bookings whose check-in closed are marked no-shows. */
    sweepSeconds: z.number().min(1).max(3600).default(30),
  })
  .prefault({});
export type BookingSettings = z.output<typeof bookingSettings>;
