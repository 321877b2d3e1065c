// npm run admin:create -- --email you@centre.example [--name "Kim Minji"] [--role admin|coordinator] [--password-stdin]
// Creates a staff account. The password is asked on a terminal (not echoed), read from the first line
// of standard input with --password-stdin, or else generated and printed once.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../server/config.ts';
import { createDb, ensureDatabaseExists, migrateToLatest } from '../server/db/database.ts';
import { DependencyUnavailableError } from '../server/deps.ts';
import { createStaffAccount } from '../server/domain/auth/accounts.service.ts';
import { findAccountByEmail } from '../server/domain/auth/auth.repository.ts';
import { generatePassword } from '../server/domain/auth/passwords.ts';
import { AppError } from '../server/errors.ts';
import { exitOnStartupError } from '../server/process.ts';

const USAGE = 'Usage: npm run admin:create -- --email you@centre.example [--name "Kim Minji"] [--role admin|coordinator] [--password-stdin]';

const Args = z.object({
  email: z.email({ message: '--email: expected an e-mail address such as you@centre.example' }),
  name: z.string().trim().min(1, '--name: must not be empty').max(200).optional(),
  role: z.enum(['admin', 'coordinator'], { message: '--role: expected admin or coordinator' }).default('admin'),
  'password-stdin': z.boolean().default(false),
});
const Password = z.string().min(10, 'The password must have at least 10 characters').max(1024, 'The password must have at most 1024 characters');

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseArguments(): z.infer<typeof Args> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' } } }).values;
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  if (values['email'] === undefined) fail(`--email is required.\n${USAGE}`, 2);
  const parsed = Args.safeParse(values);
  if (!parsed.success) fail(`${parsed.error.issues.map((issue) => issue.message).join('\n')}\n${USAGE}`, 2);
  return parsed.data;
}

async function readFirstLine(): Promise<string> {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) return line;
  fail('--password-stdin: standard input was empty', 2);
}

/** Reads a line on the terminal without echoing it; an empty answer means "generate one". */
async function askHidden(question: string): Promise<string> {
  process.stdout.write(question);
  process.stdin.setRawMode(true);
  let typed = '';
  try {
    for await (const chunk of process.stdin) {
      // A paste arrives as one chunk: look at every character, not at the chunk as a whole.
      for (const char of String(chunk)) {
        if (char === '\u0003') fail('\nCancelled.', 130);
        if (char === '\r' || char === '\n') return typed;
        typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char;
      }
    }
    return typed;
  } finally {
    process.stdin.setRawMode(false);
    process.stdin.pause();
    process.stdout.write('\n');
  }
}

async function choosePassword(fromStdin: boolean): Promise<{ password: string; generated: boolean }> {
  if (fromStdin) return { password: await readFirstLine(), generated: false };
  const typed = process.stdin.isTTY ? await askHidden('Password (at least 10 characters; empty to generate one): ') : '';
  return typed ? { password: typed, generated: false } : { password: generatePassword(), generated: true };
}

const args = parseArguments();
try {
  const config = loadConfig();
  // The database first: nobody should type a password for a database that cannot be reached.
  await ensureDatabaseExists(config.DATABASE_URL).catch((error: unknown) => {
    throw new DependencyUnavailableError('PostgreSQL', config.DATABASE_URL, error);
  });
  const db = createDb(config.DATABASE_URL, 1);
  try {
    await migrateToLatest(db);
    if (await findAccountByEmail(db, args.email)) fail(`${args.email} already has an account.`, 1);
    const { password, generated } = await choosePassword(args['password-stdin']);
    const checked = Password.safeParse(password);
    if (!checked.success) fail(checked.error.issues[0]!.message, 2);
    await createStaffAccount(db, { email: args.email, nameLatin: args.name ?? args.email.split('@')[0]!, role: args.role, password });
    process.stdout.write(`Created the ${args.role} account ${args.email}.\n`);
    if (generated) process.stdout.write(`Its password, shown only this once: ${password}\n`);
  } finally {
    await db.destroy();
  }
} catch (error) {
  // "already has an account" and other rule breaks are the person's to fix: a sentence, no stack.
  if (error instanceof AppError) fail(error.message, 1);
  exitOnStartupError(error, 'npm run admin:create');
}
