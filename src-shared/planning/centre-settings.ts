// The centre's one settings row (its time zone and working week): a fixed id, so every admin's edit,
// on any desktop, lands on the same row and merges field by field, and the server reads the same row.
export const CENTRE_SETTINGS_ID = '00000000-0000-7000-8000-00000000c001';
