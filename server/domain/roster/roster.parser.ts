import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { EnrolmentRole } from '../../db/schema.ts';
import { invalid, type FieldProblem } from '../../errors.ts';
import { checkTimeZone, isKnownCountry } from '../../time/zones.ts';
import { enrolmentRoles } from '../enrolments/enrolments.schemas.ts';

export const rosterColumns = ['name', 'name_native', 'email', 'city', 'country', 'time_zone', 'locale', 'organisation', 'position', 'role'] as const;
const requiredColumns = ['name', 'email', 'country', 'time_zone'] as const;
type Column = (typeof rosterColumns)[number];

export interface RosterRow {
  row: number;
  nameLatin: string;
  nameNative: string | null;
  email: string;
  city: string | null;
  country: string;
  timeZone: string;
  canonicalisedFrom: string | undefined;
  locale: string;
  organisation: string | null;
  position: string | null;
  role: EnrolmentRole;
}

const optional = (value: string | undefined) => (value && value.trim() ? value.trim() : null);
const email = z.email();

function canonicalLocale(value: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(value)[0];
  } catch {
    return undefined;
  }
}

/**
 * Reads a roster CSV and checks every row; returns the rows only if all are right, otherwise throws
 * one invalid_request listing every problem with its row (as a spreadsheet numbers it) and column.
 */
export function parseRoster(text: string): RosterRow[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    throw invalid(`The file is not readable as CSV: ${(error as Error).message}`, [{ field: 'file', message: 'not CSV' }]);
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) throw invalid('The roster is empty: expected a header row and at least one person', [{ field: 'file', message: 'no rows', row: 1 }]);

  const columns = header.map((name) => name.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const problems: FieldProblem[] = [];
  for (const column of requiredColumns) {
    if (!columns.includes(column)) problems.push({ row: 1, field: column, message: `the required column "${column}" is missing` });
  }
  columns.forEach((column, index) => {
    if (!(rosterColumns as readonly string[]).includes(column)) problems.push({ row: 1, field: header[index] ?? column, message: `unknown column; expected ${rosterColumns.join(', ')}` });
  });
  if (problems.length) throw invalid('The roster’s header is wrong; nothing was imported', problems);

  const indexOf = (column: Column) => columns.indexOf(column);
  const cell = (record: string[], column: Column) => (indexOf(column) >= 0 ? record[indexOf(column)] : undefined);
  const firstRowOfEmail = new Map<string, number>();
  const parsed: RosterRow[] = [];

  rows.forEach((record, index) => {
    const row = index + 2;
    const problem = (field: Column | 'row', message: string) => problems.push({ row, field, message });
    if (record.length > columns.length) problem('row', `${record.length} cells but ${columns.length} columns`);
    const name = optional(cell(record, 'name'));
    if (!name) problem('name', 'required');
    const address = (cell(record, 'email') ?? '').trim();
    if (!address) problem('email', 'required');
    else if (!email.safeParse(address).success) problem('email', `"${address}" is not an e-mail address`);
    else {
      const key = address.toLowerCase();
      const first = firstRowOfEmail.get(key);
      if (first !== undefined) {
        problem('email', `${address} appears twice (also row ${first})`);
        problems.push({ row: first, field: 'email', message: `${address} appears twice (also row ${row})` });
      } else firstRowOfEmail.set(key, row);
    }
    const country = (cell(record, 'country') ?? '').trim().toUpperCase();
    if (!country) problem('country', 'required');
    else if (!isKnownCountry(country)) problem('country', `"${country}" is not an ISO 3166 country code`);
    const zoneText = (cell(record, 'time_zone') ?? '').trim();
    const zone = zoneText ? checkTimeZone(zoneText) : undefined;
    if (!zone) problem('time_zone', 'required');
    else if (!zone.ok) problem('time_zone', zone.reason);
    const localeText = optional(cell(record, 'locale')) ?? 'en';
    const locale = canonicalLocale(localeText);
    if (!locale) problem('locale', `"${localeText}" is not a language tag (expected en, es-MX, ar...)`);
    const roleText = (optional(cell(record, 'role')) ?? 'participant').toLowerCase();
    if (!(enrolmentRoles as readonly string[]).includes(roleText)) problem('role', `"${roleText}" is not one of ${enrolmentRoles.join(', ')}`);

    if (name && zone?.ok && locale) {
      parsed.push({
        row,
        nameLatin: name,
        nameNative: optional(cell(record, 'name_native')),
        email: address,
        city: optional(cell(record, 'city')),
        country,
        timeZone: zone.zone,
        canonicalisedFrom: zone.canonicalisedFrom,
        locale,
        organisation: optional(cell(record, 'organisation')),
        position: optional(cell(record, 'position')),
        role: roleText as EnrolmentRole,
      });
    }
  });
  if (problems.length) {
    problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const rowsWithProblems = new Set(problems.map((p) => p.row)).size;
    throw invalid(`${problems.length} problem(s) in ${rowsWithProblems} row(s); nothing was imported`, problems);
  }
  return parsed;
}
