import type { CallInfo } from '../../../src-shared/api/cti.js';
import type { CustomerCard } from '../../../src-shared/api/entities.js';
import type { ApiOutput } from '../../../src-shared/api/methods.js';

export type Logged = ApiOutput<'interactions.logCall'>;

export interface LogFormProps {
  card: CustomerCard;
  callStartedAt: number | null;
  /** The CTI call being logged (times prefilled from it); null when none. */
  call?: CallInfo | null;
  onSaved(result: Logged): void;
  onCancel(): void;
}
