import { z } from 'zod';
import { EXCEPTION_KINDS } from '../domain/exceptions/types';
import { manager } from './charts';
import { reason } from './fields';

/*
 * The managers' exceptions part of the contract (issue 11): what the rules raised from the
 * journal, each with its events' seqs and photos, and the acknowledgement a manager gave it.
 * Spread into channels.ts so each channel is declared once.
 */

export const exceptionView = z.object({
  id: z.string(),
  kind: z.enum(EXCEPTION_KINDS),
  at: z.int(),
  /** A lane, a plate, a cashier or a zone, as the kind says. */
  subject: z.string(),
  detail: z.record(z.string(), z.union([z.string(), z.number()])),
  /** The journal events behind it (journal:list finds each by its aggregate or type). */
  seqs: z.array(z.int()),
  photoIds: z.array(z.string()),
  acknowledgement: z
    .object({ seq: z.int(), by: z.string(), at: z.int(), note: z.string() })
    .nullable(),
});
export type ExceptionView = z.output<typeof exceptionView>;

export const exceptionQuery = z
  .object({
    /** Only those no manager has acknowledged yet (the default). */
    openOnly: z.boolean().default(true),
    limit: z.int().min(1).max(500).default(200),
  })
  .strict();
export type ExceptionQuery = z.output<typeof exceptionQuery>;

export const exceptionChannels = {
  /** Newest first, with every event committed before the call judged. */
  'exceptions:list': manager(exceptionQuery, z.array(exceptionView)),
  /** Marks one as seen, with the manager's note; the acknowledgement is a journal event. */
  'exceptions:acknowledge': manager(
    z.object({ id: z.string().min(1).max(64), note: reason }).strict(),
    exceptionView,
  ),
} as const;
