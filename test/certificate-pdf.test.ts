import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseFont, unrenderableCharacters } from '../server/certificates/fonts.ts';
import { renderCertificatePdf, UnrenderableNameError, type CertificateContent } from '../server/certificates/pdf.ts';

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts', 'certificates');
mkdirSync(artifacts, { recursive: true });
const scratch = mkdtempSync(path.join(tmpdir(), 'lc-certificates-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function content(city: string, nameNative: string | null, nameLatin: string): CertificateContent {
  const number = `LC-${city.toUpperCase().slice(0, 4)}-7Q2M-9XKA`;
  return {
    number,
    verifyUrl: `https://livecohort.example.org/verify/${number}`,
    nameNative,
    nameLatin,
    programmeTitle: 'Smart City Governance and Digital Transformation',
    cohortTitle: 'Summer 2026 cohort',
    firstDay: '2026-07-13',
    lastDay: '2026-08-07',
    hoursAttended: 24.5,
    issuer: { name: 'Seoul Human Resources Development Center', city: 'Seoul' },
    signer: { name: 'Park Ji-won', title: 'Director, International Training' },
    issuedOn: '2026-08-10',
  };
}

const tool = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' });
// pdftotext wraps right-to-left text in bidi embedding marks; they are not letters of the name.
const withoutBidiControls = (text: string) => text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');

// jsqr is CommonJS with `exports.default`: Node hands over the module object, vitest's interop the function.
const jsQR = typeof jsQRModule === 'function' ? jsQRModule : jsQRModule.default;

function decodeQr(pngFile: string): string | undefined {
  const image = PNG.sync.read(readFileSync(pngFile));
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

const cohortNames = [
  { city: 'cairo', native: 'أحمد عبد الرحمن', latin: 'Ahmed Abdelrahman', font: 'noto-arabic' },
  { city: 'tashkent', native: 'Дилшод Каримов', latin: 'Dilshod Karimov', font: 'noto-cyrillic' },
  { city: 'kyiv', native: 'Олена Шевченко', latin: 'Olena Shevchenko', font: 'noto-cyrillic' },
  { city: 'chengdu', native: '王晓明', latin: 'Wang Xiaoming', font: 'noto-sc' },
  { city: 'seoul', native: '김민준', latin: 'Kim Minjun', font: 'noto-kr' },
  { city: 'bangkok', native: 'สมชาย ใจดี', latin: 'Somchai Jaidee', font: 'noto-thai' },
  { city: 'mexico-city', native: 'José Ramírez Núñez', latin: 'Jose Ramirez Nunez', font: 'noto-latin' },
  // Needs several font slices in one line: the Cyrillic slice has no hyphen, the Latin one no "ễ".
  { city: 'almaty', native: 'Анна-Мария Ахметова', latin: 'Anna-Maria Akhmetova', font: undefined },
  { city: 'hanoi', native: 'Nguyễn Thị Hương', latin: 'Nguyen Thi Huong', font: undefined },
];

describe('certificate PDF', () => {
  describe.each(cohortNames)('for $latin of $city', ({ city, native, latin }) => {
    const input = content(city, native, latin);
    const pdfFile = path.join(scratch, `${city}.pdf`);

    it('prints the native and the Latin name and the number, as pdftotext reads them back', async () => {
      writeFileSync(pdfFile, await renderCertificatePdf(input));
      const text = withoutBidiControls(tool('pdftotext', ['-enc', 'UTF-8', pdfFile, '-']));
      expect(text).toContain(native);
      expect(text).toContain(latin);
      expect(text).toContain(input.number);
      expect(text).toContain('13 July 2026');
      expect(text).toContain('24.5 hours');
    });

    it('is one A4 landscape page with the issuer as author', () => {
      const info = tool('pdfinfo', [pdfFile]);
      expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts/);
      expect(info).toMatch(/Pages:\s+1\n/);
      expect(info).toMatch(/Author:\s+Seoul Human Resources Development Center/);
    });

    it('renders to a PNG kept for people to look at, whose QR code opens the verification page', () => {
      tool('pdftoppm', ['-png', '-r', '60', '-singlefile', pdfFile, path.join(artifacts, city)]);
      expect(readFileSync(path.join(artifacts, `${city}.png`)).length).toBeGreaterThan(10_000);
      const sharp = path.join(scratch, `${city}-150dpi`);
      tool('pdftoppm', ['-png', '-r', '150', '-singlefile', pdfFile, sharp]);
      expect(decodeQr(`${sharp}.png`)).toBe(input.verifyUrl);
    });
  });

  it('picks the font designed for each script', () => {
    for (const { native, font } of cohortNames) expect(chooseFont(native)?.name).toBe(font);
  });

  it('gives identical bytes for identical input', async () => {
    const input = content('cairo', 'أحمد عبد الرحمن', 'Ahmed Abdelrahman');
    const [first, second] = await Promise.all([renderCertificatePdf(input), renderCertificatePdf(input)]);
    expect(first.equals(second)).toBe(true);
  });

  it('refuses a name with characters no font has, naming them, instead of printing empty boxes', async () => {
    const cherokeeAndLinearB = 'ᏣᎳᎩ 𐀀';
    expect(unrenderableCharacters(`Ada ${cherokeeAndLinearB}`)).toEqual(['Ꮳ', 'Ꮃ', 'Ꭹ', '𐀀']);
    const rendering = renderCertificatePdf(content('tahlequah', cherokeeAndLinearB, 'Ada Sequoyah'));
    await expect(rendering).rejects.toBeInstanceOf(UnrenderableNameError);
    await expect(rendering).rejects.toThrow(/native name .*U\+13E3 "Ꮳ", U\+13B3 "Ꮃ", U\+13A9 "Ꭹ", U\+10000 "𐀀"/);
  });

  it('refuses a Latin name with a control character', async () => {
    await expect(renderCertificatePdf(content('kyiv', null, 'Olena\u0007Shevchenko'))).rejects.toThrow(/Latin name .*U\+0007/);
  });
});
