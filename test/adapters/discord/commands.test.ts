import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { buildCommands } from '../../../src/adapters/discord/commands.js';
import { COMMANDS, type CommandSpec } from '../../../src/contract/commands.js';
import { checkCommands, FormErrors } from '../../fakes/discord/limits.js';

type Opt = {
  name: string;
  type: number;
  required?: boolean;
  options?: Opt[];
  min_value?: number;
  max_value?: number;
  choices?: { value: string }[];
  autocomplete?: boolean;
};

describe('slash command registration', () => {
  const built = buildCommands();
  const byName = new Map(built.map((c) => [c.name, c]));

  it('passes Discord validation', () => {
    const errors = new FormErrors();
    checkCommands(built, errors);
    expect(errors.flat).toEqual([]);
  });

  it('covers every catalogue entry, subcommands under their group', () => {
    for (const spec of COMMANDS) {
      const [top, sub] = spec.name.split(' ');
      const cmd = byName.get(top!);
      expect(cmd, spec.name).toBeDefined();
      if (sub)
        expect(
          (cmd!.options as Opt[]).some((o) => o.type === ApplicationCommandOptionType.Subcommand && o.name === sub),
          spec.name,
        ).toBe(true);
    }
    expect(byName.size).toBe(new Set(COMMANDS.map((c) => c.name.split(' ')[0])).size);
  });

  it('carries limits, choices and autocomplete from the catalogue', () => {
    const start = (byName.get('quiz')!.options as Opt[]).find((o) => o.name === 'start')!.options!;
    expect(start.find((o) => o.name === 'questions')).toMatchObject({
      type: ApplicationCommandOptionType.Integer,
      min_value: 1,
      max_value: 50,
    });
    expect(start.find((o) => o.name === 'seconds')).toMatchObject({ min_value: 5, max_value: 300 });
    expect(start.find((o) => o.name === 'topic')).toMatchObject({ type: ApplicationCommandOptionType.String, autocomplete: true });
    expect(start.find((o) => o.name === 'thread')).toMatchObject({ type: ApplicationCommandOptionType.Boolean });
    const period = (byName.get('leaderboard')!.options as Opt[]).find((o) => o.name === 'period')!;
    expect(period.choices?.map((c) => c.value)).toEqual(['7d', '30d', 'all']);
    const role = ((byName.get('trainers')!.options as Opt[]).find((o) => o.name === 'add')!.options ?? []).find((o) => o.name === 'role');
    expect(role?.type).toBe(ApplicationCommandOptionType.Role);
  });

  it('/trainers is for Manage Server by default; the rest for everyone', () => {
    expect(byName.get('trainers')!.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(byName.get('ask')!.default_member_permissions).toBeNull();
  });

  it('puts required options first and skips entries for other platforms', () => {
    const catalogue: CommandSpec[] = [
      {
        id: 'help',
        name: 'x',
        description: 'd',
        who: 'anyone',
        options: [
          { name: 'b', kind: 'boolean', description: 'b', default: false },
          { name: 'a', kind: 'text', description: 'a', required: true, maxLength: 100 },
        ],
      },
      { id: 'help', name: 'only-slack', description: 'd', who: 'anyone', options: [], platforms: ['slack'] },
    ];
    const out = buildCommands(catalogue);
    expect(out.map((c) => c.name)).toEqual(['x']);
    expect((out[0]!.options as Opt[]).map((o) => o.name)).toEqual(['a', 'b']);
  });
});
