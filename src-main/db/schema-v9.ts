/**
 * Receipt numbers: one sequence per station, 1, 2, 3, ... with no gaps, even across crashes.
 * - receipt_numbers holds each receipt's number and the prefix it was printed with. A row is
 *   written in the transaction that records the payment and its receipt, so a payment rolled
 *   back or cut off by a crash never took a number.
 * - Triggers make the sequence the database's own rule: a new number must be the next one
 *   (MAX + 1, which is the counter: numbers are never freed), and a number is never changed or
 *   deleted, so a voided receipt keeps its number and a COPY shows the same one.
 * - Receipts already in the file are numbered in payment order (time, then insertion order),
 *   with the default prefix: those were printed before receipts carried a number.
 * A table of its own rather than a column on receipts: receipts keeps its shape (nothing is
 * rebuilt), and the rows that are the sequence can be made append-only.
 */
export const schemaV9 = `
CREATE TABLE receipt_numbers (
  number INTEGER PRIMARY KEY CHECK (number >= 1),
  receipt_id TEXT NOT NULL UNIQUE REFERENCES receipts(id),
  prefix TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
INSERT INTO receipt_numbers (number, receipt_id, prefix, at)
  SELECT ROW_NUMBER() OVER (ORDER BY p.at, p.rowid, r.rowid), r.id, 'R-', r.created_at
  FROM receipts r JOIN payments p ON p.id = r.payment_id
  ORDER BY 1;
CREATE TRIGGER receipt_numbers_next BEFORE INSERT ON receipt_numbers
  WHEN NEW.number IS NOT (SELECT COALESCE(MAX(number), 0) + 1 FROM receipt_numbers)
BEGIN
  SELECT RAISE(ABORT, 'receipt_numbers: a receipt takes the next number, with no gap');
END;
CREATE TRIGGER receipt_numbers_kept BEFORE UPDATE ON receipt_numbers
BEGIN
  SELECT RAISE(ABORT, 'receipt_numbers: a receipt keeps its number');
END;
CREATE TRIGGER receipt_numbers_never_freed BEFORE DELETE ON receipt_numbers
BEGIN
  SELECT RAISE(ABORT, 'receipt_numbers: a number is never freed');
END;
`;
