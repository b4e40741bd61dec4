import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface RovingItem {
  id: string;
  /** Enter or a click. */
  onOpen: () => void;
  content: ReactNode;
  className?: string;
}

/**
 * A list with one tab stop: ↑ ↓ Home End move the focus between its rows, Enter opens one. A panel
 * of the home screen is one Tab away from the next however many rows it holds.
 */
export function RovingList({ items, label, testId }: { items: RovingItem[]; label: string; testId: string }) {
  const listRef = useRef<HTMLUListElement>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const active = items.find((i) => i.id === activeId) ?? items[0] ?? null;
  const focus = (item: RovingItem | undefined) => {
    if (!item) return;
    setActiveId(item.id);
    listRef.current?.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(item.id)}"] button`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const index = active ? items.findIndex((i) => i.id === active.id) : -1;
    if (e.key === 'ArrowDown') focus(items[Math.min(index + 1, items.length - 1)]);
    else if (e.key === 'ArrowUp') focus(items[Math.max(index - 1, 0)]);
    else if (e.key === 'Home') focus(items[0]);
    else if (e.key === 'End') focus(items[items.length - 1]);
    else return;
    e.preventDefault();
  };
  return (
    <ul ref={listRef} className="home-list" aria-label={label} onKeyDown={onKeyDown} data-testid={testId}>
      {items.map((item) => (
        <li key={item.id} data-row-id={item.id} className={item.className} onFocus={() => setActiveId(item.id)}>
          <button type="button" className="home-row" tabIndex={item.id === active?.id ? 0 : -1} onClick={item.onOpen}>
            {item.content}
          </button>
        </li>
      ))}
    </ul>
  );
}
