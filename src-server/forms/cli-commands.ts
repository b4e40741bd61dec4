// The website-form commands of `npm run server --` (issue 26, docs/channels.md):
//   form-add --id shop --name "Интернет-магазин" [--origin https://www.shop.ru ...] [--thanks https://www.shop.ru/thanks]
//            [--locale ru|en] [--answer-within 60]   (a site key: KARTOTEKA_FORM_KEY, optional)
//   form-list
import { parseArgs } from 'node:util';
import { CreateFormSiteRequest } from '../../src-shared/forms/protocol.js';
import { DomainError } from '../domain-error.js';
import type { CliSupport } from '../pbx/cli-commands.js';
import { createFormSite, listFormSites } from './sites.js';

export const FORM_COMMANDS = ['form-add', 'form-list'] as const;
export type FormCommand = (typeof FORM_COMMANDS)[number];

export async function runFormCommand(command: FormCommand, argv: string[], cli: CliSupport): Promise<void> {
  try {
    if (command === 'form-list') {
      await cli.withDb(async (db) => {
        for (const s of await listFormSites(db, Date.now())) {
          const day = Object.entries(s.lastDay).map(([k, v]) => `${k} ${v}`).join(', ') || 'nothing in 24 h';
          console.log(`${s.id}\t${s.name}\tPOST <server>${s.formPath}\t${s.origins.join(' ') || 'no script origins'}\t${day}`);
        }
      });
      return;
    }
    const { values } = parseArgs({
      args: argv,
      options: { id: { type: 'string' }, name: { type: 'string' }, origin: { type: 'string', multiple: true }, thanks: { type: 'string' }, locale: { type: 'string' }, 'answer-within': { type: 'string' } },
    });
    const key = process.env.KARTOTEKA_FORM_KEY;
    const input = CreateFormSiteRequest.safeParse({
      id: values.id, name: values.name ?? values.id, origins: values.origin ?? [], ...(key ? { key } : {}), ...(values.thanks ? { thanksUrl: values.thanks } : {}),
      ...(values.locale ? { locale: values.locale } : {}), ...(values['answer-within'] ? { answerWithinMin: Number(values['answer-within']) } : {}),
    });
    if (!input.success) {
      console.error(`Cannot add the site: ${cli.explain(input.error.issues)}`);
      process.exitCode = 2;
      return;
    }
    await cli.withDb(async (db) => {
      const site = await createFormSite(db, input.data, Date.now());
      console.log(`Added site ${site.id}. Its form posts to https://<server>${site.formPath} (docs/channels.md has the snippet).`);
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
