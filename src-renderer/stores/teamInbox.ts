// The team inbox of shared mailboxes (features/team-inbox): read from the server when the dialog
// opens and after every decision; a decision is the server's (the first operator's wins).
import { createStore } from 'zustand/vanilla';
import type { TeamInbox, TriageDecision, TriageResult } from '../../src-shared/mail/protocol.js';
import type { ApiClient } from '../api/client.js';
import { coalesced } from './coalesced.js';

export interface TeamInboxState {
  inbox: TeamInbox | null;
  error: unknown;
  load(): Promise<void>;
  decide(messageId: string, decision: TriageDecision): Promise<TriageResult>;
}

export function createTeamInboxStore(api: ApiClient) {
  return createStore<TeamInboxState>()((set) => {
    const read = coalesced(async () => {
      try {
        set({ inbox: await api['inbox.list']({}), error: null });
      } catch (error) {
        set({ error });
      }
    });
    return {
      inbox: null,
      error: null,
      load: read,
      async decide(messageId, decision) {
        try {
          return await api['inbox.decide']({ messageId, decision });
        } finally {
          await read();
        }
      },
    };
  });
}
