// npm run admin:create -- --email you@centre.example [--name "Kim Minji"] [--role admin|coordinator] [--password-stdin]
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { loadConfig } from '../server/config.ts';
import { createDb, ensureDatabaseExists, migrateToLatest } from '../server/db/database.ts';
import { createStaffAccount } from '../server/domain/auth/accounts.service.ts';
import { generatePassword } from '../server/domain/auth/passwords.ts';
import { AppError } from '../server/errors.ts';
import { exitOnStartupError } from '../server/process.ts';

const Args = z.object({
  email: z.email({ message: '--email must be an e-mail address' }),
  name: z.string().min(1).optional(),
  role: z.enum(['admin', 'coordinator'], { message: '--role must be admin or coordinator' }).default('admin'),
  'password-stdin': z.boolean().default(false),
});

async function readPassword(fromStdin: boolean): Promise<{ password: string; generated: boolean }> {
  if (fromStdin || !process.stdin.isTTY) {
    if (!fromStdin) return { password: generatePassword(), generated: true };
    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) return { password: line, generated: false };
    throw new Error('no password on standard input');
  }
  // On a terminal: ask, without echoing what is typed; an empty answer generates one.
  process.stdout.write('Password (leave empty to generate one): ');
  process.stdin.setRawMode(true);
  let typed = '';
  for await (const chunk of process.stdin) {
    const text = String(chunk);
    if (text === '\u0003') process.exit(130);
    if (text === '\r' || text === '\n') break;
    typed = text === '\u007f' ? typed.slice(0, -1) : typed + text;
  }
  process.stdin.setRawMode(false);
  process.stdout.write('\n');
  return typed ? { password: typed, generated: false } : { password: generatePassword(), generated: true };
}

let values: Record<string, unknown>;
try {
  values = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' } } }).values;
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const parsed = Args.safeParse(values);
if (!parsed.success) {
  console.error(parsed.error.issues.map((issue) => issue.message).join('\n'));
  process.exit(2);
}
const args = parsed.data;

try {
  const config = loadConfig();
  await ensureDatabaseExists(config.DATABASE_URL);
  const db = createDb(config.DATABASE_URL, 1);
  try {
    await migrateToLatest(db);
    const { password, generated } = await readPassword(args['password-stdin']);
    if (password.length < 10) throw new AppError('invalid_request', 'The password must have at least 10 characters');
    await createStaffAccount(db, { email: args.email, nameLatin: args.name ?? args.email.split('@')[0]!, role: args.role, password });
    console.log(`Created the ${args.role} account ${args.email}.`);
    if (generated) console.log(`Its password (shown once): ${password}`);
  } finally {
    await db.destroy();
  }
} catch (error) {
  if (error instanceof AppError) {
    console.error(error.message);
    process.exit(1);
  }
  exitOnStartupError(error, 'admin:create');
}
