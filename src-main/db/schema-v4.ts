/**
 * Search folds look-alike characters with the one table the plate reader uses too
 * (src-shared/domain/lookalikes.ts), which adds A → 4 to what an older table folded. Stored
 * folds are recomputed through canonical_plate(), the same function, registered on every
 * connection (src-main/db/database.ts); the sessions triggers re-index what changes.
 */
export const schemaV4 = `
UPDATE sessions SET plate_canon = canonical_plate(plate)
WHERE plate_canon IS NOT canonical_plate(plate);
`;
