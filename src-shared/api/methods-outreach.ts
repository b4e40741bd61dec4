// The operator API's methods for the company speaking to its customers (issue 20): letters written
// from the card, greetings, and campaigns. Spread into the whole table in methods.ts.
import { z } from 'zod';
import { CampaignFiguresView, CampaignInput, CampaignResponseInput, CampaignView, CardCampaign } from '../campaigns/campaign.js';
import { Id } from '../domain.js';
import { CustomerDateInput, CustomerGreetings, GreetingRuleInput, GreetingRuleView, GreetingsDay } from '../greetings/greeting.js';
import { IssueCardInput, LoyaltyFiguresView, LoyaltyProgrammeInput, LoyaltyProgrammeView, LoyaltyStanding, PurchaseInput, RedeemInput } from '../loyalty/loyalty.js';
import { SendEmailInput } from '../mail/outbound.js';
import { MailTemplateInput, MailTemplateView } from '../mail/templates.js';
import { CustomerLabels, SegmentInput, SegmentView, TagImportInput, TagImportReport, TagInput } from '../segments/segment.js';
import { LoggedResult } from './logging-inputs.js';
import { method } from './method.js';

export const outreachMethods = {
  /**
   * Writes an email from the card (issue 20): logged at once as an outbound email entry, and sent by
   * the central server through its SMTP relay; its delivery shows on the entry (queued, sent, failed).
   */
  'emails.send': method(SendEmailInput, LoggedResult),
  /** Email templates the letter form offers ({{name}}, {{organisation}}, {{operator}} filled in when picked). */
  'templates.list': method(z.object({}), z.array(MailTemplateView)),
  /** Creates or changes a template (supervisors and admins); returns them all. */
  'templates.save': method(MailTemplateInput, z.array(MailTemplateView)),

  // Greetings (issue 20): rules set by supervisors, the customer's own dates and their stop, the day's list.
  'greetings.rules': method(z.object({}), z.array(GreetingRuleView)),
  'greetings.saveRule': method(GreetingRuleInput, GreetingRuleView),
  /** Whom to greet on a day of the centre (today by default): birthdays and the customers' own dates. */
  'greetings.today': method(z.object({ day: z.iso.date().optional() }), GreetingsDay),
  'greetings.dates': method(z.object({ customerId: Id }), CustomerGreetings),
  'greetings.addDate': method(CustomerDateInput, CustomerGreetings),
  'greetings.removeDate': method(z.object({ id: Id, customerId: Id }), CustomerGreetings),
  /** The customer says stop (true) or takes it back (false); the server never greets a customer who said stop. */
  'greetings.setOptOut': method(z.object({ customerId: Id, optOut: z.boolean() }), CustomerGreetings),

  // Campaigns (issue 20): recorded by supervisors, shown on the card, answered by operators in one key.
  'campaigns.list': method(z.object({}), z.array(CampaignView)),
  /** Creates or changes a campaign (supervisors and admins). */
  'campaigns.save': method(CampaignInput, CampaignView),
  /** The campaigns that apply to a customer today, with their latest response. */
  'campaigns.forCustomer': method(z.object({ customerId: Id }), z.array(CardCampaign)),
  /** Records the customer's response (append-only); returns the card's campaigns after it. */
  'campaigns.respond': method(CampaignResponseInput, z.array(CardCampaign)),
  /** Every campaign's figures, from the server; offline, the last read (supervisors and admins). */
  'campaigns.figures': method(z.object({}), CampaignFiguresView),

  // Tags and segments (issue 20): a customer's tags and the segments they belong to; segments saved by supervisors.
  /** Every saved segment with its members on this desktop now. */
  'segments.list': method(z.object({}), z.array(SegmentView)),
  /** Creates or changes a segment (supervisors and admins); returns them all. */
  'segments.save': method(SegmentInput, z.array(SegmentView)),
  'tags.forCustomer': method(z.object({ customerId: Id }), CustomerLabels),
  /** Puts a tag on a customer, or takes it off; returns the card's tags and segments after it. */
  'tags.set': method(TagInput, CustomerLabels),
  /** Tags every customer a list names (a line each, by phone, email or account number); reports the lines that named none (supervisors and admins). */
  'tags.import': method(TagImportInput, TagImportReport),
  /** The tags and segment names in use, for suggestions. */
  'tags.known': method(z.object({}), z.array(z.string())),

  // Loyalty (issue 20): programmes set by supervisors; cards, purchases and points on the card.
  'loyalty.programmes': method(z.object({}), z.array(LoyaltyProgrammeView)),
  /** Creates or changes a programme (supervisors and admins); returns them all. */
  'loyalty.saveProgramme': method(LoyaltyProgrammeInput, z.array(LoyaltyProgrammeView)),
  /** The customer's standing in each programme they have a card or points in: level, balance, what they are close to. */
  'loyalty.forCustomer': method(z.object({ customerId: Id }), z.array(LoyaltyStanding)),
  'loyalty.issueCard': method(IssueCardInput, z.array(LoyaltyStanding)),
  /** Records a purchase; its points accrue at the programme's rate, once per receipt. */
  'loyalty.purchase': method(PurchaseInput, z.array(LoyaltyStanding)),
  /** Spends points; refused when the balance cannot cover them (here, and again on the server). */
  'loyalty.redeem': method(RedeemInput, z.array(LoyaltyStanding)),
  /** Every programme's figures, from the server; offline, the last read (supervisors and admins). */
  'loyalty.figures': method(z.object({}), LoyaltyFiguresView),
} as const;
