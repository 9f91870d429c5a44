#!/usr/bin/env node
import type { CliCommand } from './commands/command.js';
import { UsageError } from './commands/command.js';
import { calendarCommand } from './commands/calendar.command.js';
import { copyStoreCommand } from './commands/copy-store.command.js';
import { csvCommand } from './commands/csv.command.js';
import { deadLettersCommand } from './commands/dead-letters.command.js';
import { demoCommand } from './commands/demo.command.js';
import { hrisCommand } from './commands/hris.command.js';
import { importCommand } from './commands/import.command.js';
import { keysCommand } from './commands/keys.command.js';
import { rebuildCommand } from './commands/rebuild.command.js';
import { sqlCommand } from './commands/sql.command.js';
import { EngineRefusal } from './engine-client.js';
import { ORGHEALTH_VERSION } from './version.js';

const COMMANDS: readonly CliCommand[] = [
  importCommand,
  hrisCommand,
  calendarCommand,
  csvCommand,
  rebuildCommand,
  sqlCommand,
  deadLettersCommand,
  keysCommand,
  demoCommand,
  copyStoreCommand,
];

const overview = `usage: orghealth COMMAND [options]   (orghealth COMMAND --help for its options)
       orghealth --version

commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(10)} ${command.summary}`).join('\n')}`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-V') {
    console.log(`orghealth ${ORGHEALTH_VERSION}`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name || candidate.aliases?.includes(name));
  if (!command) {
    console.error(`unknown command ${name}\n\n${overview}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n\n${command.usage}`);
      return 2;
    }
    console.error(`orghealth ${name}: ${(error as Error).message}`);
    return error instanceof EngineRefusal ? error.exitCode : 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
