// Row ids: UUIDv7, time-ordered, so that new rows land at the end of primary-key indexes.
import { v7 } from 'uuid';

export function newId(): string {
  return v7();
}
