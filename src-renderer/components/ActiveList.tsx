import './active-list.css';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/** Fixed row height: a dense list, measured once in CSS (active-list.css). */
const ROW_HEIGHT = 52;

export interface ActiveListProps<T> {
  items: readonly T[];
  idOf(item: T): string;
  render(item: T): ReactNode;
  /** Enter or a double click on the row in focus. */
  onEnter(item: T): void;
  label: string;
  testId: string;
  /** Rows shown before it scrolls. */
  rows?: number;
  /** Takes the dialog's first focus (Dialog's data-autofocus). */
  autoFocus?: boolean;
  /** Told the row in focus (null: the list is empty), for actions beside the list. */
  onActiveChange?(item: T | null): void;
}

/**
 * A list that is one tab stop, virtualised: the list itself keeps the focus and names the active
 * row (aria-activedescendant), so a row scrolled out of the DOM never takes the focus with it. ↑ ↓
 * PageUp PageDown Home End move, Enter acts.
 */
export function ActiveList<T>({ items, idOf, render, onEnter, label, testId, rows = 8, autoFocus = false, onActiveChange }: ActiveListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const index = Math.max(0, items.findIndex((i) => idOf(i) === activeId));
  const active = items[index] ?? null;
  useEffect(() => {
    onActiveChange?.(active);
  }, [active, onActiveChange]);
  // A list that arrives after its dialog opened (read from a server), or is handed the focus back,
  // takes it when asked to: the dialog placed its first focus before the list was there.
  useEffect(() => {
    if (autoFocus) scrollRef.current?.focus();
  }, [autoFocus]);
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 6 });
  const move = (to: number) => {
    const next = items[Math.min(Math.max(to, 0), items.length - 1)];
    if (!next) return;
    setActiveId(idOf(next));
    virtualizer.scrollToIndex(items.indexOf(next), { align: 'auto' });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowDown') move(index + 1);
    else if (e.key === 'ArrowUp') move(index - 1);
    else if (e.key === 'PageDown') move(index + rows);
    else if (e.key === 'PageUp') move(index - rows);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(items.length - 1);
    else if (e.key === 'Enter' && active) onEnter(active);
    else return;
    e.preventDefault();
  };
  const rowId = (item: T) => `${testId}-${idOf(item)}`;
  return (
    <div
      ref={scrollRef}
      className="active-list"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={active ? rowId(active) : undefined}
      onKeyDown={onKeyDown}
      style={{ maxHeight: rows * ROW_HEIGHT }}
      data-testid={testId}
      {...(autoFocus ? { 'data-autofocus': true } : {})}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => {
          const item = items[v.index]!;
          const id = idOf(item);
          return (
            <div
              key={id}
              id={rowId(item)}
              role="option"
              aria-selected={active !== null && idOf(active) === id}
              className="active-row"
              data-row-id={id}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
              onClick={() => setActiveId(id)}
              onDoubleClick={() => onEnter(item)}
            >
              {render(item)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
