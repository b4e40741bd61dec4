import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../../src-shared/chat/protocol.js';
import { useApi } from '../../api/context.js';
import { ShortcutButton } from '../../components/ShortcutButton.js';
import { useConversations, useStores } from '../../stores/index.js';

/**
 * The customer's conversation going on in the site chat or a messenger (issue 26), on their card: the
 * operator answers it from here (F9 opens it, taken by Enter). Read from the server whenever the
 * team's conversations change; nothing shows offline.
 */
export function LiveConversation({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const queue = useConversations((s) => s.queue);
  const [open, setOpen] = useState<ConversationSummary | null>(null);

  useEffect(() => {
    let live = true;
    api['conversations.list']({ customerId }).then(
      (list) => live && setOpen(list.items.find((c) => c.status === 'open') ?? null),
      () => live && setOpen(null),
    );
    return () => {
      live = false;
    };
  }, [api, customerId, queue]);

  if (!open) return null;
  const channel = t(`conversations.channel_${open.channel}`);
  return (
    <div className="alert alert-info live-conversation" role="status" data-testid="card-live-conversation">
      <span>{t('conversations.cardLive', { channel })}{open.waiting > 0 ? ` · ${t('conversations.waitingAnswer', { count: open.waiting })}` : ''}: «{open.preview}»</span>
      <ShortcutButton shortcutId="conversations" label={t('conversations.cardAnswer')} onClick={() => ui.getState().openDialog({ kind: 'conversations', conversationId: open.id })} />
    </div>
  );
}
