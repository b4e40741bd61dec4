// The server's conversations at work (issue 26): a Telegram poller per enabled Telegram bot, a sender
// per enabled bot, the VK events the Callback API posts, and the delivery queue of operators'
// messages. Started with the server (and delivering what a restart left queued), stopped before the
// database closes. Every change to a conversation is told to the desktops (onChanged).
import type { Kysely } from 'kysely';
import type { API } from 'vk-io';
import type { Logger } from 'pino';
import type { ServerDb } from '../db/schema.js';
import { newId } from '../../src-shared/ids.js';
import { DomainError } from '../domain-error.js';
import { enabledBots, findBot, type BotRow } from './bots.js';
import { DeliveryQueue } from './delivery.js';
import type { MessengerSender } from './sender.js';
import { TelegramPoller, telegramApi, telegramSender } from './telegram.js';
import { takeVkEvent, vkApi, vkGreeting, vkSender, type VkCallback } from './vk.js';

export interface ConversationServiceOptions {
  now: () => number;
  log: Pick<Logger, 'warn' | 'info'> | null;
  onChanged: (conversationIds: string[]) => void;
  /** The delivery queue's timer (tests drive it). */
  schedule?: (run: () => void, ms: number) => () => void;
}

interface Running {
  bot: BotRow;
  sender: MessengerSender;
  poller: TelegramPoller | null;
  /** VK's API client (the sender's), for the writer's name. */
  vk: API | null;
}

export class ConversationService {
  readonly delivery: DeliveryQueue;
  private readonly bots = new Map<string, Running>();
  private stopped = false;

  constructor(private readonly db: Kysely<ServerDb>, private readonly options: ConversationServiceOptions) {
    this.delivery = new DeliveryQueue(db, {
      now: options.now, senderOf: (id) => this.bots.get(id)?.sender, onChanged: options.onChanged, ...(options.schedule ? { schedule: options.schedule } : {}),
    });
  }

  async start(): Promise<void> {
    await this.delivery.recover();
    await this.refresh();
  }

  /** Runs every enabled bot not running yet, stops those no longer enabled. */
  async refresh(): Promise<void> {
    if (this.stopped) return;
    const bots = await enabledBots(this.db);
    const wanted = new Set(bots.map((b) => b.id));
    for (const [id, running] of this.bots) {
      if (wanted.has(id)) continue;
      this.bots.delete(id);
      await running.poller?.stop();
    }
    for (const bot of bots) {
      if (this.bots.has(bot.id)) continue;
      if (bot.kind === 'telegram') {
        const api = telegramApi(bot);
        const poller = new TelegramPoller(this.db, bot, api, { now: this.options.now, log: this.options.log, onChanged: this.options.onChanged });
        this.bots.set(bot.id, { bot, sender: telegramSender(api), poller, vk: null });
      } else {
        const api = vkApi(bot);
        this.bots.set(bot.id, { bot, sender: vkSender(api), poller: null, vk: api });
      }
    }
    this.delivery.kick();
  }

  /** A VK Callback API event for one of the bots: the text to answer VK with. */
  async vkEvent(botId: string, event: VkCallback): Promise<string> {
    const bot = await findBot(this.db, botId);
    if (!bot || bot.kind !== 'vk' || !bot.enabled) throw new DomainError('not_found', 'no such bot');
    const taken = await takeVkEvent(this.db, bot, event, this.options.now());
    if (taken.reply) void this.bots.get(bot.id)?.sender.send(taken.reply.peer, taken.reply.text, newId());
    if (taken.conversationId !== null) {
      this.options.onChanged([taken.conversationId]);
      if (taken.opened) {
        const peer = String((await this.peerOf(taken.conversationId)) ?? '');
        void this.bots.get(bot.id)?.sender.send(peer, vkGreeting(bot), taken.conversationId);
        void this.nameVkWriter(bot.id, taken.conversationId, peer);
      }
    }
    return taken.answer;
  }

  /**
   * VK's event carries only the writer's id: their name is asked of VK (users.get), best effort, so
   * the queue shows a person rather than vk.com/id….
   */
  private async nameVkWriter(botId: string, conversationId: string, peer: string): Promise<void> {
    const api = this.bots.get(botId)?.vk;
    if (!api) return;
    try {
      const [user] = await api.users.get({ user_ids: [peer] });
      const name = [user?.first_name, user?.last_name].filter(Boolean).join(' ').trim();
      if (!name) return;
      await this.db.updateTable('conversation').set({ visitor_name: `${name.slice(0, 200)} (vk.com/id${peer})` }).where('id', '=', conversationId).execute();
      this.options.onChanged([conversationId]);
    } catch {
      // The id stays as the name.
    }
  }

  /** An operator's message was queued: deliver it now. */
  queued(): void {
    this.delivery.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.bots.values()].map((b) => b.poller?.stop()));
    this.bots.clear();
    await this.delivery.stop();
  }

  private async peerOf(conversationId: string): Promise<string | undefined> {
    return (await this.db.selectFrom('conversation').select('peer').where('id', '=', conversationId).executeTakeFirst())?.peer;
  }
}
