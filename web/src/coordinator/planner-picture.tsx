import type { CandidateView } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

type SessionAtDate = CandidateView['sessions'][number];
type PersonAt = SessionAtDate['people'][number];
type CitySummary = CandidateView['cities'][number];
export type PreferredHours = Map<string, { start: string; end: string }>;

const DAY = 1440;
const minutesOf = (clock: string) => {
  const [hours = 0, minutes = 0] = clock.split(':').map(Number);
  return hours * 60 + minutes;
};

/** [start, end) minute ranges of the local day, split where they cross midnight. */
function dayRanges(start: number, end: number): [number, number][] {
  if (end > DAY) return [[start, DAY], [0, end - DAY]];
  if (end <= start) return [[start, DAY], [0, end]];
  return [[start, end]];
}

function CityBand({ person, duration, preferred }: { person: PersonAt; duration: number; preferred: { start: string; end: string } }) {
  const { t } = useI18n();
  const start = minutesOf(person.localTime);
  const dayClass = person.onHoliday ? 'band-holiday' : person.onWeekend ? 'band-weekend' : 'band-workday';
  const label = t('planner.bandLabel', {
    city: person.city,
    time: person.localTime,
    state: person.insidePreferredHours ? t('planner.inside') : t('planner.outside'),
  });
  return (
    <svg viewBox={`0 0 ${DAY} 40`} preserveAspectRatio="none" className="band" role="img" aria-label={label}>
      <rect x={0} y={0} width={DAY} height={40} className={`band-day ${dayClass}`} />
      {dayRanges(minutesOf(preferred.start), minutesOf(preferred.end === '24:00' ? '24:00' : preferred.end)).map(([from, to]) => (
        <rect key={from} x={from} y={0} width={to - from} height={40} className="band-preferred" />
      ))}
      {[360, 720, 1080].map((x) => (
        <line key={x} x1={x} x2={x} y1={0} y2={40} className="band-tick" />
      ))}
      {dayRanges(start, start + duration).map(([from, to]) => (
        <rect key={from} x={from} y={8} width={Math.max(to - from, 8)} height={24} rx={4} className={person.insidePreferredHours ? 'band-session band-session-ok' : 'band-session band-session-bad'} />
      ))}
    </svg>
  );
}

function Burden({ summary, sessions }: { summary: CitySummary | undefined; sessions: number }) {
  const { t } = useI18n();
  if (!summary) return null;
  const share = Math.round(summary.sessionsOutsideHoursShare * 100);
  return (
    <div className="burden">
      <meter min={0} max={100} value={share} low={25} high={50} optimum={0} aria-label={t('planner.burdenLabel', { city: summary.city })}>
        {share}%
      </meter>
      <span>{t('planner.outsideCount', { outside: summary.sessionsOutsideHours, total: sessions })}</span>
      {summary.weekendHits > 0 && <span className="tag tag-weekend">{t('planner.weekendHits', { count: summary.weekendHits })}</span>}
      {summary.holidayHits > 0 && <span className="tag tag-holiday">{t('planner.holidayHits', { count: summary.holidayHits, names: summary.holidays.join(', ') })}</span>}
    </div>
  );
}

/**
 * One row per city: its local day as a 24-hour band (preferred hours light, the rest shaded,
 * weekend and holiday tinted), the session drawn where it falls, and the city's burden over
 * the whole plan beside it.
 */
export function PlannerPicture({ candidate, sessionIndex, duration, preferred }: { candidate: CandidateView; sessionIndex: number; duration: number; preferred: PreferredHours }) {
  const { t } = useI18n();
  const session = candidate.sessions[sessionIndex];
  if (!session) return null;
  const cities = new Map<string, PersonAt>();
  for (const person of session.people) {
    const key = `${person.city}|${person.timeZone}`;
    if (!cities.has(key)) cities.set(key, person);
  }
  const rows = [...cities.values()].sort((a, b) => a.localDate.localeCompare(b.localDate) || a.localTime.localeCompare(b.localTime));
  return (
    <div className="planner-picture" role="table" aria-label={t('planner.pictureLabel', { time: session.hostLocalStart })}>
      <div role="row" className="planner-row planner-head">
        <span role="columnheader">{t('planner.city')}</span>
        <span role="columnheader" className="band-scale" aria-label={t('planner.localDay')}>
          <span>00</span>
          <span>06</span>
          <span>12</span>
          <span>18</span>
          <span>24</span>
        </span>
        <span role="columnheader">{t('planner.burden')}</span>
      </div>
      {rows.map((person) => (
        <div role="row" className="planner-row" key={`${person.city}|${person.timeZone}`} data-city={person.city}>
          <span role="rowheader" className="planner-city">
            <strong>{person.city}</strong>
            <span className="muted">
              {person.localDate} {person.localTime}
              {person.onWeekend && ` · ${t('planner.weekend')}`}
              {person.onHoliday && ` · ${person.onHoliday}`}
            </span>
          </span>
          <span role="cell">
            <CityBand person={person} duration={duration} preferred={preferred.get(person.personId) ?? { start: '08:00', end: '21:00' }} />
          </span>
          <span role="cell">
            <Burden summary={candidate.cities.find((c) => c.city === person.city && c.timeZone === person.timeZone)} sessions={candidate.sessions.length} />
          </span>
        </div>
      ))}
      <p className="legend">
        <span className="swatch band-preferred" /> {t('planner.legendPreferred')} <span className="swatch band-workday" /> {t('planner.legendOutside')} <span className="swatch band-weekend" /> {t('planner.weekend')} <span className="swatch band-holiday" /> {t('planner.holiday')}
      </p>
    </div>
  );
}
