import { batchCommand } from './batchCommand';
import { classifyCommand } from './classifyCommand';
import type { CliIo } from './io';
import { reportCommand } from './reportCommand';
import { routeCommand } from './routeCommand';
import { ollamaCommand } from './ollamaCommand';
import { serveCommand } from './serveCommand';
import { statusCommand } from './statusCommand';

/**
 * The commands, bundled apart from main.ts (dist/cliCommands.js): they pull in the engine and
 * its clients, which `llm-router --help` never needs.
 */
export const COMMANDS: Readonly<Record<string, (argv: string[], io: CliIo) => Promise<number>>> = {
  classify: classifyCommand,
  route: routeCommand,
  batch: batchCommand,
  report: (argv, io) => reportCommand(argv, io),
  serve: (argv, io) => serveCommand(argv, io),
  status: (argv, io) => statusCommand(argv, io),
  ollama: (argv, io) => ollamaCommand(argv, io),
};
