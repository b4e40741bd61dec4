// The supervisors' API methods. PLACEHOLDER while the views are built (issue 6): every method answers
// 'offline'. Replaced by the real proxy to the central server with its offline cache.
import { ApiError, type HandlerTable } from '../../../src-shared/index.js';

export type SupervisorMethod = Extract<keyof HandlerTable, `supervisor.${string}`>;

export function createSupervisorHandlers(): Pick<HandlerTable, SupervisorMethod> {
  const notYet = (): never => {
    throw new ApiError('offline', 'supervisor views are not available yet');
  };
  return {
    'supervisor.board': notYet,
    'supervisor.queue': notYet,
    'supervisor.reassign': notYet,
    'supervisor.figures': notYet,
    'supervisor.figuresCsv': notYet,
    'supervisor.interactions': notYet,
    'supervisor.comments': notYet,
    'supervisor.addComment': notYet,
    'supervisor.teamIssues': notYet,
  };
}
