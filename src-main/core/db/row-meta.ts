// The columns every synced row of the local store has (schema.ts and its parts).
export type Bit = 0 | 1;

export interface RowMeta {
  id: string;
  created_at: number;
  updated_at: number;
  hlc: string;
  deleted: Bit;
}
