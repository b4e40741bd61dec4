// What the window does when a call rings: an idle operator gets the window in front with the card;
// an operator already on a call or in wrap-up is not interrupted — a notification names the caller
// and their open cases, and clicking it brings the window forward.
import type { Engine } from '../core/engine-types.js';

export interface AttentionWindow {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export interface AttentionNotification {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
}

export type NotificationFactory = (options: { title: string; body: string }) => AttentionNotification;

export function attendToRinging(engine: Engine, getWindow: () => AttentionWindow | null, notify: NotificationFactory | null): () => void {
  let busy = false;
  const front = () => {
    const win = getWindow();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  return engine.onEvent((event) => {
    if (event.type === 'call-state') {
      busy = event.state.operatorState === 'on_call' || event.state.operatorState === 'wrap_up';
      return;
    }
    if (event.type !== 'incoming-call') return;
    if (!busy || !notify) {
      front();
      return;
    }
    void describeCaller(engine, event.number).then((text) => {
      const notification = notify({ title: text.title, body: text.body });
      notification.on('click', front);
      notification.show();
    });
  });
}

async function describeCaller(engine: Engine, number: string): Promise<{ title: string; body: string }> {
  try {
    const card = await engine.handlers['callerCard.lookup']({ number });
    const match = card.matches[0];
    if (!match) return { title: number, body: 'Неизвестный абонент · Unknown caller' };
    const cases = match.openCases.map((c) => c.subject).slice(0, 3);
    const more = match.openCases.length > 3 ? ` +${match.openCases.length - 3}` : '';
    return { title: match.customer.name, body: cases.length ? `${cases.join('; ')}${more}` : number };
  } catch {
    return { title: number, body: '' };
  }
}
