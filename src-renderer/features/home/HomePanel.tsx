import type { ReactNode } from 'react';

/** One panel of the home screen: a heading, a line under it, then its list or what it lacks. */
export function HomePanel({ id, title, badge, summary, children, testId }: { id: string; title: string; badge?: ReactNode; summary?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <section className="panel home-panel" aria-labelledby={id} data-testid={testId}>
      <h3 id={id}>
        {title}
        {badge}
      </h3>
      {summary !== undefined && <p className="home-summary">{summary}</p>}
      {children}
    </section>
  );
}
