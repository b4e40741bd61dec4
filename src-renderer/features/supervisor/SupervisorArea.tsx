import { useEffect, useRef } from 'react';
import { useSupervisor } from '../../stores/index.js';
import { BoardView } from './BoardView.js';
import { FiguresView } from './FiguresView.js';
import { QueueView } from './QueueView.js';
import { ReviewView } from './ReviewView.js';
import { AuditView } from './AuditView.js';
import { LinesView } from './LinesView.js';
import { CannedView } from './CannedView.js';
import { ProcessesView } from '../planning/ProcessesView.js';
import { CampaignsView } from '../campaigns/CampaignsView.js';

/** The open supervisor view in the main area; the heading takes the focus when the view changes. */
export function SupervisorArea() {
  const view = useSupervisor((s) => s.view);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Keyboard users land in the view they asked for (its heading), not where the old one was.
    ref.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [view]);
  return (
    <div ref={ref} className="supervisor-area" data-testid="supervisor-area">
      {view === 'board' && <BoardView />}
      {view === 'queue' && <QueueView />}
      {view === 'figures' && <FiguresView />}
      {view === 'review' && <ReviewView />}
      {view === 'audit' && <AuditView />}
      {view === 'canned' && <CannedView />}
      {view === 'processes' && <ProcessesView />}
      {view === 'campaigns' && <CampaignsView />}
      {view === 'lines' && <LinesView />}
    </div>
  );
}
