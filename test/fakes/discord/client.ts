/** Logs a real discord.js Client into the fake, for the fake's self-test and adapter tests. */
import { Client, type ClientOptions, Events, GatewayIntentBits, Partials } from 'discord.js';
import type { FakeDiscord } from './index.js';

export async function loginClient(fake: FakeDiscord, opts: Partial<ClientOptions> = {}): Promise<Client<true>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    ...opts,
    rest: { api: fake.apiUrl, ...opts.rest },
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
  return client as Client<true>;
}
