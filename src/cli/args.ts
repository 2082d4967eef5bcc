import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SegmentError } from '../protocol/errors';

/** Thrown for a command line that cannot run: the CLI prints it and exits 2. */
export class UsageError extends SegmentError {
  constructor(message: string) {
    super('invalid_input', message, { param: 'argv' });
  }
}

/**
 * `parseArgs` with `--help` on every command, and its ERR_PARSE_ARGS_* errors (a TypeError
 * with Node's advice about `--`) turned into one line that names the option and the command.
 */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({
      args,
      allowPositionals,
      strict: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (!code.startsWith('ERR_PARSE_ARGS')) throw error;
    const message = (error as Error).message.split('. ')[0]!.replace(/^Unknown option/, 'unknown option');
    throw new UsageError(`${command}: ${message}. See: ${command} --help`);
  }
}
