import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const citiesCsv = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cities.csv');

/** Cities of the centre's past cohorts with their IANA zones (test/fixtures/cities.csv, kept in the repository). */
export function loadCities(): { city: string; country: string; zone: string }[] {
  return readFileSync(citiesCsv, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .map(([city, country, zone]) => ({ city: city!, country: country!, zone: zone! }));
}

/** A roster of `rows` officials cycling through the cities, each with a unique e-mail. */
export function buildRosterCsv(rows: number, tag: string): string {
  const cities = loadCities();
  const lines = ['name,name_native,email,city,country,time_zone,locale,organisation,position,role'];
  for (let i = 0; i < rows; i++) {
    const c = cities[i % cities.length]!;
    lines.push(`Official ${i},,official${i}.${tag}@${c.city.toLowerCase().replace(/[^a-z]/g, '')}.test,${c.city},${c.country},${c.zone},en,City government,Officer,participant`);
  }
  return `${lines.join('\n')}\n`;
}
