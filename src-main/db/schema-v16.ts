/**
 * Fuel sales (issue 10): one row per delivery a pump controller reported, as a sale that is
 * due until it is paid.
 * - The sale keeps what the dispenser measured and the price it ran at: pump, nozzle, grade,
 *   millilitres, unit price (thousandths of the minor unit per litre) and amount (minor units,
 *   by the fuel domain's one rounding rule), with the plate read at the lane.
 * - (controller_id, delivery_id) is unique: a delivery the controller reports again (it does,
 *   until the console clears it) can never become a second sale.
 * - The facts never change and no sale is deleted (triggers); only its state moves, when the
 *   payment layer pays it.
 * Numbered 16: 14 is the lead's (nil and QR payments), 15 another helper's (bookings).
 */
export const schemaV16 = `
CREATE TABLE fuel_sales (
  id TEXT PRIMARY KEY,
  controller_id TEXT NOT NULL,
  delivery_id TEXT NOT NULL,
  lane_id TEXT NOT NULL,
  pump INTEGER NOT NULL CHECK (pump BETWEEN 1 AND 99),
  nozzle INTEGER NOT NULL CHECK (nozzle BETWEEN 1 AND 9),
  grade_id TEXT NOT NULL,
  grade_name TEXT NOT NULL,
  millilitres INTEGER NOT NULL CHECK (millilitres > 0),
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  currency TEXT NOT NULL,
  auth_id TEXT NOT NULL,
  preset_minor INTEGER CHECK (preset_minor IS NULL OR preset_minor > 0),
  end_reason TEXT NOT NULL CHECK (end_reason IN ('hung-up', 'preset', 'stopped')),
  plate TEXT,
  state TEXT NOT NULL DEFAULT 'due' CHECK (state IN ('due', 'paid')),
  delivered_at INTEGER NOT NULL,
  UNIQUE (controller_id, delivery_id),
  CHECK (preset_minor IS NULL OR amount_minor <= preset_minor)
) STRICT;
CREATE INDEX fuel_sales_due ON fuel_sales (delivered_at) WHERE state = 'due';
CREATE INDEX fuel_sales_by_plate ON fuel_sales (plate, delivered_at) WHERE plate IS NOT NULL;
CREATE TRIGGER fuel_sales_facts_fixed BEFORE UPDATE OF id, controller_id, delivery_id, lane_id,
  pump, nozzle, grade_id, grade_name, millilitres, unit_price, amount_minor, currency, auth_id,
  preset_minor, end_reason, plate, delivered_at ON fuel_sales
BEGIN
  SELECT RAISE(ABORT, 'fuel_sales: a sale''s delivery facts never change');
END;
CREATE TRIGGER fuel_sales_kept BEFORE DELETE ON fuel_sales
BEGIN
  SELECT RAISE(ABORT, 'fuel_sales: a sale is never deleted');
END;
`;
