import { z } from 'zod';
import type { EarnRules } from '../../src-shared/domain/loyalty';

/*
 * How points are earned at this station, as station.json's `loyalty` key gives it (the rules
 * and their rounding: src-shared/domain/loyalty/earn-rules.ts). By default 1 point for every
 * 1.00 spent, fuel 1 point a litre, lost tickets earning nothing, no campaigns.
 *
 *   "loyalty": {
 *     "perAmount": { "points": 1, "per": 100 },
 *     "fuel": { "by": "litre", "rate": { "points": 1, "per": 1000 } },
 *     "grades": { "e100": { "by": "litre", "rate": { "points": 2, "per": 1000 } } },
 *     "excludedCategories": ["lost-ticket"],
 *     "campaigns": [{ "id": "summer", "percent": 200, "from": "2026-07-01T00:00:00+03:00",
 *                     "to": "2026-09-01T00:00:00+03:00", "categories": ["fuel"] }]
 *   }
 */

/** `points` for every `per` minor units (or millilitres, for fuel by the litre). */
const rate = z.object({ points: z.int().min(1).max(1000), per: z.int().min(1).max(1_000_000) });
const fuelRule = z.discriminatedUnion('by', [
  z.object({ by: z.literal('litre'), rate }),
  z.object({ by: z.literal('amount'), rate }),
]);
const instant = z.iso.datetime({ offset: true }).transform((text) => Date.parse(text));

export const loyaltySchema = z
  .object({
    perAmount: rate.nullable().default({ points: 1, per: 100 }),
    fuel: fuelRule.nullable().default({ by: 'litre', rate: { points: 1, per: 1000 } }),
    grades: z.record(z.string(), fuelRule).default({}),
    excludedCategories: z.array(z.string().min(1).max(32)).default(['lost-ticket']),
    campaigns: z
      .array(
        z
          .object({
            id: z.string().min(1).max(64),
            /** 200 doubles the points. */
            percent: z.int().min(100).max(1000),
            from: instant,
            to: instant,
            categories: z.array(z.string().min(1).max(32)).default([]),
            grades: z.array(z.string().min(1).max(16)).default([]),
          })
          .refine((c) => c.from < c.to, { message: 'a campaign ends after it starts' }),
      )
      .default([]),
    /**
     * Products a member may take for points, with the stock this station starts with (the
     * station counts it down from there: its own count is the truth after the first start).
     */
    catalogue: z
      .array(
        z.object({
          sku: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
          name: z.string().min(1).max(60),
          points: z.int().min(1).max(1_000_000),
          stock: z.int().min(0).max(1_000_000),
        }),
      )
      .max(200)
      .refine((items) => new Set(items.map((i) => i.sku)).size === items.length, {
        message: 'each product has its own sku',
      })
      .default([]),
  })
  .prefault({}) satisfies z.ZodType<EarnRules, unknown>;

export type LoyaltyConfig = z.output<typeof loyaltySchema>;
export type CatalogueItem = LoyaltyConfig['catalogue'][number];
